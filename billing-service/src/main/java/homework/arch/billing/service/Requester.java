package homework.arch.billing.service;

import homework.arch.billing.Position;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * On whose behalf billing applies an operation: where its operation id lives, and which accounts its answer may show.
 * <p>
 * Each requester's operation ids live in a scope of their own, so equal ids of two requesters are two operations. The
 * answer is recorded in that scope and replayed to that requester alone, so it can be made for them: a user is shown
 * their own account only (a transfer's answer never shows the receiver's balance), while a trusted system (a
 * service's credential, a broker-validated command sender) is shown every account the operation touched.
 *
 * @param idempotencyScope the scope of the requester's operation ids
 *                         ({@link homework.arch.infra.auth.IdempotencyScopes})
 * @param user             the user acting with their own access token; null for a trusted system
 */
public record Requester(String idempotencyScope, UUID user) {

    public Requester {
        Objects.requireNonNull(idempotencyScope, "idempotencyScope");
    }

    /** A user with an access token, whose keys live in {@code idempotencyScope}. */
    public static Requester user(UUID userId, String idempotencyScope) {
        return new Requester(idempotencyScope, Objects.requireNonNull(userId, "userId"));
    }

    /** A service or command sender, trusted to see every account an operation touched. */
    public static Requester system(String idempotencyScope) {
        return new Requester(idempotencyScope, null);
    }

    /** Whether an answer may tell this requester anything about the account of {@code userId}. */
    public boolean sees(UUID userId) {
        return user == null || user.equals(userId);
    }

    /** Of the accounts' positions after an operation, those this requester may see, in their order. */
    public List<Position> visible(List<Position> positions) {
        return positions.stream().filter(position -> sees(position.accountId())).toList();
    }
}
