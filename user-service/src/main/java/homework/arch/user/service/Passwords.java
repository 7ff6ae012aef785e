package homework.arch.user.service;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Passwords as bcrypt hashes (salted, cost {@value #COST}), hashed and checked on a worker thread: a hash takes tens of
 * milliseconds of CPU, which the event loop must not spend.
 */
@ApplicationScoped
public class Passwords {

    static final int COST = 10;

    private final Vertx vertx;
    // Checked against when there is no user, so that an unknown email costs as much time as a wrong password.
    private final String decoy = BcryptUtil.bcryptHash("a password nobody has", COST);

    public Passwords(Vertx vertx) {
        this.vertx = vertx;
    }

    public Uni<String> hash(String password) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> BcryptUtil.bcryptHash(password, COST)), false);
    }

    /** Whether {@code password} is the one {@code hash} was made of; with no hash, the same work and then no. */
    public Uni<Boolean> matches(String password, String hash) {
        return vertx.executeBlocking(Uni.createFrom().item(() ->
                BcryptUtil.matches(password, hash != null ? hash : decoy) && hash != null), false);
    }
}
