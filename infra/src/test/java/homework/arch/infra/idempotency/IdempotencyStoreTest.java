package homework.arch.infra.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import homework.arch.infra.problem.ProblemException;
import org.junit.jupiter.api.Test;

/** The rules that need no database; claiming and replaying are tested against PostgreSQL in billing-service. */
class IdempotencyStoreTest {

    @Test
    void keysOfOneToTwoHundredFiftyFiveCharactersAreAccepted() {
        IdempotencyStore.requireValidKey("k");
        IdempotencyStore.requireValidKey("k".repeat(255));
        IdempotencyStore.requireValidKey("order 7/retry:~1");
    }

    @Test
    void emptyMissingOverlongAndUnprintableKeysAreABadRequest() {
        for (String key : new String[] { null, "", "k".repeat(256), "tab\there", "nul\u0000", "del\u007f", "h\u00e9llo",
                "\u00c3\u00a9", "\u4e2d" }) {
            assertThatThrownBy(() -> IdempotencyStore.requireValidKey(key))
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.problem().status()).isEqualTo(400);
                        assertThat(e.problem().code()).isEqualTo("invalid_idempotency_key");
                    });
        }
    }

    @Test
    void theFingerprintIsKeptAsItsSha256() {
        assertThat(IdempotencyStore.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(IdempotencyStore.hash("DEPOSIT|u|10")).isNotEqualTo(IdempotencyStore.hash("DEPOSIT|u|11"));
    }
}
