package homework.arch.infra.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class BodyLimitTest {

    @Test
    void onlyADeclaredLengthOverTheLimitIsTooLarge() throws Exception {
        BodyLimit limit = new BodyLimit(new MemorySize(BigInteger.valueOf(65536)), new ObjectMapper());
        assertThat(limit.exceeds(null)).isFalse();
        assertThat(limit.exceeds("0")).isFalse();
        assertThat(limit.exceeds("65536")).isFalse();
        assertThat(limit.exceeds("65537")).isTrue();
        assertThat(limit.exceeds("99999999999999999999")).isTrue();
        assertThat(limit.exceeds("-1")).isFalse();
    }
}
