package homework.arch.infra.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import homework.arch.infra.json.StrictJson;
import homework.arch.infra.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The one implementation of Idempotency-Key semantics. Every call runs in the caller's Hibernate Reactive
 * transaction, which decides what a concurrent duplicate sees:
 * <ul>
 * <li>claim, effect and {@link #complete} in ONE transaction (billing): the duplicate's claim waits on the primary key
 * until the first commits, then replays its response; if the first rolls back, the duplicate executes instead;</li>
 * <li>claim committed in its own transaction before slow work (a remote call), completed in a later one: the
 * duplicate sees IN_PROGRESS and gets 409 {@code request_in_progress} until the first completes, or {@link #abandon}s
 * the key, or its lease ({@link IdempotencyConfig#inProgressLease()}) runs out.</li>
 * </ul>
 * Times are the database's, so replicas with skewed clocks agree. Needs READ COMMITTED (PostgreSQL's default): the
 * look-up after a lost race must see the winner's commit.
 */
@ApplicationScoped
public class IdempotencyStore {

    public static final String KEY_HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotency-Replayed";
    public static final int MAX_KEY_LENGTH = 255;

    // Inserts the claims under the claim id ?4, or takes over records whose retention or lease has run out, in key
    // order; returns the keys claimed (a key it does not return is someone else's).
    private static final String CLAIM = """
            INSERT INTO idempotency_record AS r (scope, idempotency_key, request_hash, state, expires_at, claim_id)
            SELECT ?1, k.key, k.hash, 'IN_PROGRESS', now() + cast(cast(?2 AS text) AS interval),
                   cast(cast(?4 AS text) AS uuid)
            FROM jsonb_to_recordset(cast(cast(?3 AS text) AS jsonb)) AS k (key text, hash text)
            ORDER BY k.key
            ON CONFLICT (scope, idempotency_key) DO UPDATE
                SET request_hash = excluded.request_hash, state = 'IN_PROGRESS', response_status = NULL,
                    response_body = NULL, created_at = now(), expires_at = excluded.expires_at,
                    claim_id = excluded.claim_id
                WHERE r.expires_at <= now()
            RETURNING r.idempotency_key
            """;
    private static final String FIND = """
            SELECT request_hash, state, response_status, response_body FROM idempotency_record
            WHERE scope = ?1 AND idempotency_key = ?2
            """;
    private static final String COMPLETE = """
            UPDATE idempotency_record r
            SET state = 'COMPLETED', response_status = c.status, response_body = c.body,
                expires_at = now() + cast(cast(?2 AS text) AS interval)
            FROM jsonb_to_recordset(cast(cast(?3 AS text) AS jsonb)) AS c (key text, claim uuid, status int, body text)
            WHERE r.scope = ?1 AND r.idempotency_key = c.key AND r.state = 'IN_PROGRESS' AND r.claim_id = c.claim
            """;
    private static final String ABANDON = """
            DELETE FROM idempotency_record
            WHERE scope = ?1 AND idempotency_key = ?2 AND state = 'IN_PROGRESS'
              AND claim_id = cast(cast(?3 AS text) AS uuid)
            """;
    // SKIP LOCKED: replicas purging at the same time split the work instead of queueing behind each other.
    private static final String PURGE = """
            DELETE FROM idempotency_record WHERE ctid = ANY(ARRAY(
                SELECT ctid FROM idempotency_record WHERE expires_at <= now() LIMIT ?1 FOR UPDATE SKIP LOCKED))
            """;
    // A record can vanish between a lost claim and the look-up (purged or abandoned); then the claim is retried.
    private static final int CLAIM_ATTEMPTS = 3;

    private final IdempotencyConfig config;
    private final ObjectMapper mapper;

    public IdempotencyStore(IdempotencyConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
    }

    /** A claimed request's response, for {@link #completeAll}: {@code claimId} names the claim that holds the key. */
    public record Completion(String key, UUID claimId, int status, String body) {
    }

    /** The keys that {@link #claimAll} acquired, all under one claim id. */
    public record Claimed(UUID claimId, Set<String> keys) {

        public boolean contains(String key) {
            return keys.contains(key);
        }
    }

    /**
     * Claims {@code key} in {@code scope} for a request whose canonical form is {@code fingerprint} (equal requests
     * must give equal fingerprints, e.g. {@code "DEPOSIT|<user>|10"}; the store keeps only its hash).
     *
     * @return {@link Claim#isAcquired() an acquired claim} when the request must be executed (and then
     *         {@link #complete}d or {@link #abandon}ed under that claim), or the
     *         recorded response of an earlier identical request
     * @throws ProblemException 400 {@code invalid_idempotency_key}, 422 {@code idempotency_key_reused} (same key,
     *         different request), 409 {@code request_in_progress} (the first request with this key is still running)
     */
    public Uni<Claim> claim(String scope, String key, String fingerprint) {
        requireValidKey(key);
        String hash = hash(fingerprint);
        return session().chain(session -> claim(session, scope, key, hash, UUID.randomUUID(), CLAIM_ATTEMPTS));
    }

    /**
     * {@link #claim} for many different keys at once (one round trip, for batches): returns the keys acquired. What
     * the others are (a replay, a reuse, in progress) {@link #claim} tells, key by key.
     *
     * @param fingerprintsByKey each key's request fingerprint; the keys must be valid
     */
    public Uni<Claimed> claimAll(String scope, Map<String, String> fingerprintsByKey) {
        List<Map<String, String>> rows = new ArrayList<>();
        fingerprintsByKey.forEach((key, fingerprint) -> {
            requireValidKey(key);
            rows.add(Map.of("key", key, "hash", hash(fingerprint)));
        });
        UUID claimId = UUID.randomUUID();
        return session().chain(session -> insertClaims(session, scope, rows, claimId))
                .map(keys -> new Claimed(claimId, Set.copyOf(keys)));
    }

    /** {@link #complete} for many keys at once (one round trip, for batches). */
    public Uni<Void> completeAll(String scope, List<Completion> completions) {
        List<Map<String, Object>> rows = completions.stream().map(c -> Map.<String, Object>of("key", c.key(),
                "claim", c.claimId(), "status", c.status(), "body", c.body())).toList();
        return session().chain(session -> session.createNativeQuery(COMPLETE)
                        .setParameter(1, scope)
                        .setParameter(2, config.retention().toString())
                        .setParameter(3, StrictJson.write(mapper, rows))
                        .executeUpdate())
                .invoke(updated -> {
                    if (updated != completions.size()) {
                        throw new IllegalStateException("Of " + completions.size() + " idempotency key(s) in scope '"
                                + scope + "', only " + updated + " are still held by their claims (a lease ran out "
                                + "and another request took the key over?)");
                    }
                })
                .replaceWithVoid();
    }

    /** Records the response of a claimed request; it is what every later request with the key gets. */
    public Uni<Void> complete(String scope, String key, Claim claim, int status, String body) {
        return completeAll(scope, List.of(new Completion(key, claim.id(), status, body)));
    }

    /**
     * Gives up a committed claim whose request failed without an answer worth replaying, so that a retry with the
     * same key executes afresh instead of waiting for the lease to run out. Only this very claim is given up: if its
     * lease ran out and a retry claimed the key meanwhile, the retry's claim stays.
     */
    public Uni<Void> abandon(String scope, String key, Claim claim) {
        return session().chain(session -> session.createNativeQuery(ABANDON)
                        .setParameter(1, scope)
                        .setParameter(2, key)
                        .setParameter(3, claim.id().toString())
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** Deletes up to {@code limit} expired records; returns how many. */
    public Uni<Integer> purgeExpired(int limit) {
        return session().chain(session -> session.createNativeQuery(PURGE).setParameter(1, limit).executeUpdate());
    }

    /**
     * A key is opaque to us but must fit the column, 1..255 characters, and survive every proxy and log unchanged:
     * printable ASCII only (a header's bytes beyond ASCII are read differently by different servers, and a CR or LF
     * would forge log lines).
     */
    public static boolean isValidKey(String key) {
        return key != null && !key.isEmpty() && key.length() <= MAX_KEY_LENGTH && isPrintableAscii(key);
    }

    /** {@link #isValidKey}, or 400 {@code invalid_idempotency_key} saying what is wrong. */
    public static void requireValidKey(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw ProblemException.badRequest("invalid_idempotency_key",
                    "The " + KEY_HEADER + " must be 1 to " + MAX_KEY_LENGTH + " characters long");
        }
        if (!isPrintableAscii(key)) {
            throw ProblemException.badRequest("invalid_idempotency_key",
                    "The " + KEY_HEADER + " must consist of printable ASCII characters");
        }
    }

    private static boolean isPrintableAscii(String key) {
        return key.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    static String hash(String fingerprint) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(fingerprint.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    private Uni<List<String>> insertClaims(Mutiny.Session session, String scope, List<Map<String, String>> rows,
            UUID claimId) {
        return session.createNativeQuery(CLAIM, String.class)
                .setParameter(1, scope)
                .setParameter(2, config.inProgressLease().toString())
                .setParameter(3, StrictJson.write(mapper, rows))
                .setParameter(4, claimId.toString())
                .getResultList();
    }

    private Uni<Claim> claim(Mutiny.Session session, String scope, String key, String hash, UUID claimId,
            int attemptsLeft) {
        return insertClaims(session, scope, List.of(Map.of("key", key, "hash", hash)), claimId)
                .chain(claimed -> !claimed.isEmpty() ? Uni.createFrom().item(Claim.acquired(claimId))
                        : session.createNativeQuery(FIND, Object[].class)
                                .setParameter(1, scope)
                                .setParameter(2, key)
                                .getResultList()
                                .chain(rows -> rows.isEmpty() && attemptsLeft > 1
                                        ? claim(session, scope, key, hash, claimId, attemptsLeft - 1)
                                        : Uni.createFrom().item(existing(rows, hash))));
    }

    private static Claim existing(List<Object[]> rows, String hash) {
        if (rows.isEmpty()) {
            throw inProgress();
        }
        Object[] row = rows.get(0);
        if (!hash.equals(row[0])) {
            throw ProblemException.unprocessable("idempotency_key_reused",
                    "This Idempotency-Key was already used for a different request; use a new key for a new request");
        }
        if (!"COMPLETED".equals(row[1])) {
            throw inProgress();
        }
        return Claim.replay(new Claim.RecordedResponse(((Number) row[2]).intValue(), (String) row[3]));
    }

    private static ProblemException inProgress() {
        return ProblemException.conflict("request_in_progress",
                "A request with this Idempotency-Key is still being processed; retry later with the same key");
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.currentTransaction()
                .onItem().ifNull().failWith(() -> new IllegalStateException(
                        "The idempotency store must be used inside a transaction (@WithTransaction)"))
                .chain(tx -> Panache.getSession());
    }
}
