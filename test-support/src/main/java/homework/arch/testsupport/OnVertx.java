package homework.arch.testsupport;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/** Runs reactive work from a test thread on a Vert.x context (Hibernate Reactive and the SQL client need one). */
public final class OnVertx {

    private OnVertx() {
    }

    /** The work's item, once it completes on a duplicated context; its failure is rethrown. */
    public static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
