package homework.arch.infra.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import homework.arch.infra.json.StrictJson;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

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
    void aCodeIsTheSameWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            // Turkish lower-cases "I" to a dotless "ı": a code made with the default locale would change.
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            Problem problem = (Problem) mappers.web(new WebApplicationException(414)).getEntity();
            assertThat(problem.code()).isEqualTo("request_uri_too_long");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void aParameterJaxRsCannotConvertIsA400NotA404() {
        for (WebApplicationException e : new WebApplicationException[] {
                new NotFoundException(new NumberFormatException("For input string: \"abc\"")),
                new BadRequestException(new IllegalArgumentException("bad header")) }) {
            Response response = mappers.web(e);
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(((Problem) response.getEntity()).code()).isEqualTo("validation_failed");
        }
    }

    @Test
    void aMalformedUuidParameterIsAValidationProblemNamingTheParameter() throws NoSuchMethodException {
        Annotation[] annotations = Probe.class.getMethod("get", UUID.class).getParameterAnnotations()[0];
        var converter = new UuidParameters().getConverter(UUID.class, UUID.class, annotations);
        UUID id = UUID.randomUUID();
        assertThat(converter.fromString(id.toString())).isEqualTo(id);
        assertThat(converter.fromString(id.toString().toUpperCase())).isEqualTo(id);

        for (String malformed : new String[] { "not-a-uuid", "1-1-1-1-1", "", id + "0", id.toString().replace('-', '_') }) {
            try {
                converter.fromString(malformed);
                throw new AssertionError(malformed + " was accepted");
            } catch (InvalidParameter e) {
                // JAX-RS wraps what a converter throws; the mapper unwraps it
                Response response = mappers.web(new NotFoundException(e));
                Problem problem = (Problem) response.getEntity();
                assertThat(response.getStatus()).isEqualTo(400);
                assertThat(problem.code()).isEqualTo("validation_failed");
                assertThat(problem.violations()).containsExactly(new Problem.Violation("holdId", "must be a UUID"));
            }
        }
        assertThat(new UuidParameters().getConverter(String.class, String.class, annotations)).isNull();
    }

    interface Probe {
        void get(@jakarta.ws.rs.PathParam("holdId") UUID holdId);
    }

    static Stream<Arguments> databaseUnavailable() {
        return Stream.of(
                Arguments.of("connection refused", new ConnectException("Connection refused")),
                Arguments.of("connection refused, wrapped by Hibernate Reactive",
                        new HibernateException(new CompletionException(new ConnectException("Connection refused")))),
                Arguments.of("connection reset", new java.net.SocketException("Connection reset")),
                Arguments.of("connection closed", new VertxException("Connection was closed", true)),
                Arguments.of("connection lost mid-query", ClosedConnectionException.INSTANCE),
                Arguments.of("pool wait timed out", new NoStackTraceThrowable("Timeout")),
                Arguments.of("pool queue full", new ConnectionPoolTooBusyException("too busy")),
                Arguments.of("too many connections", pg("53300")),
                Arguments.of("admin shutdown, wrapped", new CompletionException(pg("57P01"))),
                Arguments.of("starting up", pg("57P03")),
                Arguments.of("connection failure", pg("08006")),
                Arguments.of("connection does not exist", pg("08003")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databaseUnavailable")
    void aDatabaseThatCannotBeReachedIsA503WithRetryAfter(String what, Throwable failure) {
        Response response = mappers.unexpected(failure);
        Problem problem = (Problem) response.getEntity();
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getMediaType()).hasToString(Problem.MEDIA_TYPE);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo(ProblemMappers.RETRY_AFTER);
        assertThat(problem.code()).isEqualTo("service_unavailable");
        assertThat(problem.status()).isEqualTo(503);
    }

    static Stream<Arguments> bugs() {
        return Stream.of(
                Arguments.of("a bug", new IllegalStateException("oops")),
                Arguments.of("a null", new NullPointerException()),
                Arguments.of("undefined column", pg("42703")),
                Arguments.of("a unique violation nobody handled", new CompletionException(pg("23505"))),
                Arguments.of("another Vert.x failure", new VertxException("Something else")),
                Arguments.of("an I/O failure that is not a connection's", new IOException("disk")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bugs")
    void genuineBugsStayA500(String what, Throwable failure) {
        Response response = mappers.unexpected(failure);
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(((Problem) response.getEntity()).code()).isEqualTo("internal_error");
        assertThat(response.getHeaderString("Retry-After")).isNull();
    }

    private static PgException pg(String sqlState) {
        return new PgException("boom", "FATAL", sqlState, null);
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
