package homework.arch.infra.database;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * Where a service's workflow enters a Hibernate Reactive session or transaction. A bean rather than Panache's static
 * methods, so that the workflow's rules can be unit-tested without a database: the test hands the service one that
 * runs the work as it is, against repositories of its own.
 */
@ApplicationScoped
public class Transactions {

    public <T> Uni<T> inTransaction(Supplier<Uni<T>> work) {
        return Panache.withTransaction(work);
    }

    public <T> Uni<T> inSession(Supplier<Uni<T>> work) {
        return Panache.withSession(work);
    }

    /** Runs the work as it is, in no session: for a unit test whose repositories are its own. */
    public static Transactions none() {
        return new Transactions() {
            @Override
            public <T> Uni<T> inTransaction(Supplier<Uni<T>> work) {
                return work.get();
            }

            @Override
            public <T> Uni<T> inSession(Supplier<Uni<T>> work) {
                return work.get();
            }
        };
    }
}
