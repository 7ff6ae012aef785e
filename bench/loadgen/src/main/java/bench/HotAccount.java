package bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

/**
 * Hot account: 64 concurrent withdrawals of 0.01 on one account through the ingress, each with its owner's token.
 * Exact when successes × 0.01 equals what left the account (the load waits for every answer, so the client's count is
 * complete).
 */
final class HotAccount {

    private static final long AMOUNT_MINOR = 1;

    private final Settings settings;
    private final Http http;
    private final Users users;
    private final Orders orders;
    private final Profiler profiler;

    HotAccount(Settings settings, Http http, Users users, Orders orders, Profiler profiler) {
        this.settings = settings;
        this.http = http;
        this.users = users;
        this.orders = orders;
        this.profiler = profiler;
    }

    ObjectNode run() throws Exception {
        UUID account = orders.createUsers(1, "hot").get(0);
        String path = "/billing/accounts/" + account + "/withdrawals";
        String body = "{\"amount\":" + Money.render(AMOUNT_MINOR) + "}";
        Duration warmUp = Duration.ofSeconds(Math.min(5, settings.warmUp().toSeconds()));
        users.validFor(warmUp.plus(settings.hot()));
        try (HttpLoad load = new HttpLoad(settings.baseUrl())) {
            load.run(Settings.HOT_CONCURRENCY, warmUp, () -> withdrawal(path, body, account), HotAccount::outcome,
                    "withdrawn");
            long before = balance(account);
            Profiler.Phase phase = profiler.begin("hot account c" + Settings.HOT_CONCURRENCY);
            HttpLoad.Result measured = load.run(Settings.HOT_CONCURRENCY, settings.hot(),
                    () -> withdrawal(path, body, account), HotAccount::outcome, "withdrawn");
            ObjectNode profile = phase.end();
            long debit = before - balance(account);
            users.retire(java.util.List.of(account));
            ObjectNode result = measured.toJson("opsPerSec");
            result.put("withdrawals", measured.successes()).put("debitedMinorUnits", debit)
                    .put("expectedMinorUnits", measured.successes() * AMOUNT_MINOR)
                    .put("exact", debit == measured.successes() * AMOUNT_MINOR && measured.errors() == 0);
            result.set("profile", profile);
            System.out.printf("  hot account c%d: %.1f withdrawals/s, p99 %.1f ms, errors %d, exact %s%n",
                    Settings.HOT_CONCURRENCY, result.get("opsPerSec").asDouble(), result.get("p99Ms").asDouble(),
                    measured.errors(), result.get("exact").asBoolean());
            return result;
        }
    }

    /** A withdrawal by the account's owner, with the owner's current token. */
    private HttpLoad.Post withdrawal(String path, String body, UUID account) {
        return new HttpLoad.Post(path, users.authorization(account), body);
    }

    private static String outcome(int status, String body) {
        return status == 201 ? "withdrawn" : HttpLoad.failure(status, body);
    }

    private long balance(UUID account) throws IOException, InterruptedException {
        return Money.minor(http.get("/billing/accounts/" + account, users.authorization(account)).path("balance")
                .asText());
    }
}
