package homework.arch.infra.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import homework.arch.infra.database.DatabaseOutage;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The single place where exceptions become HTTP answers. Everything a client can cause maps to a 4xx problem with a
 * stable code; a database that cannot be reached is a 503 worth retrying; anything else is a 500 that reveals nothing
 * but is logged in full.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** Seconds: long enough for a pool to reconnect or a restarted PostgreSQL to accept connections again. */
    static final String RETRY_AFTER = "2";
    private static final String BEARER = "Bearer";

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder response = Response.fromResponse(respond(e.problem()));
        e.headers().forEach(response::header);
        return response.build();
    }

    /** No credentials where they are required (a resource that needs an identity, called without a token). */
    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return problem(ProblemException.unauthorized("unauthenticated",
                "This request needs an access token: Authorization: Bearer <accessToken>", BEARER));
    }

    /** A token that is malformed, tampered with, expired, signed by an unknown key, or for another issuer/audience. */
    @ServerExceptionMapper
    public Response invalidToken(AuthenticationFailedException e) {
        return problem(ProblemException.unauthorized("invalid_token",
                "The access token is not valid (malformed, expired, or not ours); log in again",
                BEARER + " error=\"invalid_token\""));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problem(ProblemException.forbidden("forbidden", "This is not yours"));
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e) {
        if (e.getConstraintViolations().stream().anyMatch(ProblemMappers::isReturnValueViolation)) {
            return unexpected(e); // our own response broke its contract: not the client's fault
        }
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field).thenComparing(Problem.Violation::message))
                .toList();
        return respond(Problem.of(400, "validation_failed", "Validation failed",
                "The request has " + violations.size() + " invalid field(s)").withViolations(violations));
    }

    /**
     * Jackson failures arrive either directly or, for broken JSON, wrapped by the body reader in a
     * 400 WebApplicationException; both end here so the client always gets the specific code.
     */
    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return respond(withField(Problem.of(400, "unknown_field", "Unknown field",
                    "Field '" + unknown.getPropertyName() + "' is not part of this request"), unknown, "unknown field"));
        }
        if (e instanceof StreamConstraintsException) {
            return respond(Problem.of(400, "value_too_large", "Value too large", firstLine(e.getOriginalMessage())));
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            boolean wrongType = e instanceof MismatchedInputException;
            return respond(withField(Problem.of(400, wrongType ? "invalid_type" : "invalid_value", "Invalid value",
                    wrongType ? "A value has the wrong type or format" : firstLine(e.getOriginalMessage())),
                    mapping, wrongType ? "has the wrong type or format" : "is not acceptable"));
        }
        // Parser messages describe the syntax error; binding messages would name our internal classes.
        String detail = e instanceof StreamReadException ? firstLine(e.getOriginalMessage())
                : "The body must be one JSON object of the documented shape";
        return respond(Problem.of(400, "malformed_json", "Malformed JSON", detail));
    }

    /** Quarkus ships a mapper for exactly this type; without ours for the same type, it would outrank {@link #json}. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json);
        }
        // A parameter converter's own verdict (UuidParameters), which JAX-RS wraps in a 404 or a 400.
        if (e.getCause() instanceof ProblemException problem) {
            return problem(problem);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        if (isParameterConversion(e)) {
            return respond(Problem.of(400, "validation_failed", "Invalid parameter",
                    "A path, query or header parameter has the wrong format"));
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "Client error";
        // Locale.ROOT: under a Turkish default locale "URI" would lower-case to "urı" and the code would change.
        String code = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        return respond(Problem.of(status, code, title, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (DatabaseOutage.explains(e)) {
            LOG.warnf("Unavailable (database or connection): %s", e);
            return Response.fromResponse(respond(Problem.of(503, "service_unavailable", "Service unavailable",
                            "The service cannot reach its database right now; retry shortly (with the same "
                                    + "Idempotency-Key, if any)")))
                    .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER).build();
        }
        LOG.error("Unhandled failure", e);
        return respond(Problem.of(500, "internal_error", "Internal error",
                "The request could not be completed; where the operation takes an Idempotency-Key, retrying with the "
                        + "same key is safe"));
    }

    /**
     * JAX-RS turns a path or query parameter it cannot convert ("limit=abc" for an int) into a 404 and a header into a
     * 400, with the conversion failure as the cause; a 404 of routing has none.
     */
    private static boolean isParameterConversion(WebApplicationException e) {
        return (e instanceof NotFoundException || e instanceof BadRequestException) && e.getCause() != null
                && !(e.getCause() instanceof WebApplicationException);
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static Problem withField(Problem problem, JsonMappingException e, String message) {
        String field = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return field.isEmpty() ? problem : problem.withViolations(List.of(new Problem.Violation(field, message)));
    }

    /** Bean validation paths look like {@code deposit.request.amount}; clients know only {@code amount}. */
    private static String fieldOf(ConstraintViolation<?> violation) {
        List<Path.Node> nodes = StreamSupport.stream(violation.getPropertyPath().spliterator(), false).toList();
        List<String> names = nodes.stream()
                .filter(n -> n.getKind() == ElementKind.PROPERTY || n.getKind() == ElementKind.CONTAINER_ELEMENT)
                .map(Path.Node::getName)
                .filter(n -> n != null && !n.startsWith("<"))
                .toList();
        if (!names.isEmpty()) {
            return String.join(".", names);
        }
        return nodes.isEmpty() ? "" : nodes.get(nodes.size() - 1).getName();
    }

    private static boolean isReturnValueViolation(ConstraintViolation<?> violation) {
        return StreamSupport.stream(violation.getPropertyPath().spliterator(), false)
                .anyMatch(n -> n.getKind() == ElementKind.RETURN_VALUE);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "The body is not valid JSON";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
