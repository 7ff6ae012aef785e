package homework.arch.infra.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

class CorrelationIdTest {

    private static final String UUID_REGEX = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @AfterEach
    void forget() {
        MDC.remove(CorrelationId.MDC_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = { "abc", "0f9e6a4c-2b1d-4c8e-9a57-3d2f1e0b7c61", "trace.42:span_7-x" })
    void aUsableIdFromOutsideIsKept(String id) {
        assertThat(CorrelationId.adopt(id)).isEqualTo(id);
        assertThat(CorrelationId.current()).contains(id);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "with space", "line\nbreak", "<script>", "ünïcode" })
    void anythingElseIsReplacedByANewId(String id) {
        assertThat(CorrelationId.adopt(id)).matches(UUID_REGEX);
    }

    @Test
    void tooLongIsReplacedToo() {
        assertThat(CorrelationId.adopt("x".repeat(129))).matches(UUID_REGEX);
        assertThat(CorrelationId.adopt("x".repeat(128))).hasSize(128);
    }

    @Test
    void currentOrNewKeepsTheIdOnceMade() {
        assertThat(CorrelationId.current()).isEmpty();
        String made = CorrelationId.currentOrNew();

        assertThat(CorrelationId.currentOrNew()).isEqualTo(made);
    }
}
