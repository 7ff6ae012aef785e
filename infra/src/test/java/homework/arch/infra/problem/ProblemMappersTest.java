package homework.arch.infra.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import homework.arch.infra.json.StrictJson;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProblemMappersTest {

    record Deposit(BigDecimal amount, UUID userId, String note) {
    }

    private final ObjectMapper mapper = StrictJson.apply(new ObjectMapper());
    private final ProblemMappers mappers = new ProblemMappers();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"amount\": 1, \"amont\": 2}          | unknown_field  | amont",
            "{\"amount\": \"10\"}                   | invalid_type   | amount",
            "{\"userId\": \"not-a-uuid\"}           | invalid_type   | userId",
            "{\"note\": 12}                         | invalid_type   | note",
            "{\"amount\": 1}{\"amount\": 2}         | malformed_json |",
            "{\"amount\": 1, \"amount\": 2}         | malformed_json |",
            "{\"amount\": 1                         | malformed_json |",
            "[]                                     | malformed_json |",
    })
    void everyJsonMistakeIsAProblemWithItsOwnCode(String body, String code, String field) {
        JsonProcessingException failure = readFailure(body);

        for (Response response : new Response[] { mappers.json(failure),
                mappers.web(new BadRequestException(failure.getMessage(), failure)) }) {
            Problem problem = (Problem) response.getEntity();
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.getMediaType()).hasToString(Problem.MEDIA_TYPE);
            assertThat(problem.code()).isEqualTo(code);
            assertThat(problem.detail()).doesNotContain("homework.arch");
            if (field == null) {
                assertThat(problem.violations()).isNull();
            } else {
                assertThat(problem.violations()).extracting(Problem.Violation::field).containsExactly(field);
            }
        }
    }

    @Test
    void decimalsAreReadExactly() throws Exception {
        assertThat(mapper.readValue("{\"amount\": 0.10}", Deposit.class).amount()).isEqualByComparingTo("0.1")
                .hasToString("0.10");
    }

    @Test
    void frameworkClientErrorsKeepTheirStatusWithACodeFromTheReason() {
        Problem problem = (Problem) mappers.web(new NotFoundException("no such path")).getEntity();
        assertThat(problem.status()).isEqualTo(404);
        assertThat(problem.code()).isEqualTo("not_found");
    }

    @Test
    void anythingUnexpectedIsA500ThatRevealsNothing() {
        Problem problem = (Problem) mappers.unexpected(new IllegalStateException("secret internals")).getEntity();
        assertThat(problem.status()).isEqualTo(500);
        assertThat(problem.code()).isEqualTo("internal_error");
        assertThat(problem.detail()).doesNotContain("secret");
    }

    @Test
    void domainProblemsPassThroughUnchanged() {
        Response response = mappers.problem(ProblemException.conflict("insufficient_funds", "Balance too low"));
        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(((Problem) response.getEntity()).type()).hasToString("https://arch.homework/problems/insufficient_funds");
    }

    private JsonProcessingException readFailure(String body) {
        try {
            mapper.readValue(body, Deposit.class);
        } catch (JsonProcessingException e) {
            return e;
        }
        throw new AssertionError("expected " + body + " to be rejected");
    }
}
