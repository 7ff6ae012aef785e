package homework.arch.billing.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import homework.arch.infra.money.CurrencyUnit;
import homework.arch.billing.Hold;
import homework.arch.infra.idempotency.IdempotencyStore;
import homework.arch.infra.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads a command as strictly as the REST API reads a request (unknown fields, trailing documents, duplicate keys and
 * type coercions are refused; amounts are exact), and decides its fate: no usable operation id (missing, or not a
 * valid idempotency key) → dead letter;
 * anything else wrong → a REJECTED result under that id, with the same codes the REST API uses.
 */
@ApplicationScoped
public class CommandParser {

    public static final String MALFORMED_JSON = "malformed_json";
    public static final String MISSING_OPERATION_ID = "missing_operation_id";
    public static final String INVALID_OPERATION_ID = "invalid_operation_id";

    private final ObjectMapper mapper;
    private final CurrencyUnit currency;

    /** @param mapper the application's, with {@link homework.arch.infra.json.StrictJson} applied */
    public CommandParser(ObjectMapper mapper, CurrencyUnit currency) {
        this.mapper = mapper;
        this.currency = currency;
    }

    public ParsedCommand parse(byte[] body) {
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (IOException e) {
            return new ParsedCommand.DeadLetter(MALFORMED_JSON, firstLine(e));
        }
        if (tree == null || !tree.isObject()) {
            return new ParsedCommand.DeadLetter(MALFORMED_JSON, "A command is a JSON object");
        }
        JsonNode id = tree.get("operationId");
        if (id == null || id.isNull()) {
            return new ParsedCommand.DeadLetter(MISSING_OPERATION_ID, "The command has no operationId");
        }
        // Checked here, before anything logs or claims the id: a result can only be answered under a valid key, and
        // an invalid one would fail the whole batch it came in (and forge log lines, with a CR or LF in it).
        if (!id.isTextual() || !IdempotencyStore.isValidKey(id.textValue())) {
            return new ParsedCommand.DeadLetter(INVALID_OPERATION_ID, "operationId must be a string of 1 to "
                    + IdempotencyStore.MAX_KEY_LENGTH + " printable ASCII characters");
        }
        String operationId = id.textValue();
        JsonNode typeNode = tree.get("type");
        String type = typeNode != null && typeNode.isTextual() ? typeNode.textValue() : null;
        Optional<CommandType> known = CommandType.named(type);
        if (known.isEmpty()) {
            return rejected(tree, operationId, type, null, Problem.of(400, "unknown_type", "Unknown command type",
                    "type must be one of " + List.of(CommandType.values())));
        }
        BillingCommand fields;
        try {
            fields = mapper.treeToValue(tree, BillingCommand.class);
        } catch (UnrecognizedPropertyException e) {
            return rejected(tree, operationId, type, null, Problem.of(400, "unknown_field", "Unknown field",
                    "Field '" + e.getPropertyName() + "' is not part of a command"));
        } catch (JsonProcessingException e) {
            return rejected(tree, operationId, type, null, Problem.of(400, "invalid_type", "Invalid value",
                    "Field '" + field(e) + "' has the wrong type or format"));
        }
        List<Problem.Violation> violations = violations(known.get(), fields);
        if (!violations.isEmpty()) {
            return rejected(tree, operationId, type, fields, Problem.of(400, "validation_failed", "Validation failed",
                    violations.stream().map(v -> v.field() + " " + v.message()).collect(Collectors.joining(", ")))
                    .withViolations(violations));
        }
        return new ParsedCommand.Command(operationId, type, fields, known.get().operation(fields), null, null);
    }

    private List<Problem.Violation> violations(CommandType type, BillingCommand command) {
        List<Problem.Violation> violations = new ArrayList<>();
        for (CommandType.Field field : CommandType.Field.values()) {
            Object value = field.value.apply(command);
            if (value == null) {
                if (type.required.contains(field)) {
                    violations.add(new Problem.Violation(field.jsonName, "must not be null"));
                }
            } else if (!type.required.contains(field) && !type.optional.contains(field)) {
                violations.add(new Problem.Violation(field.jsonName, "is not part of a " + type + " command"));
            } else if (field == CommandType.Field.AMOUNT) {
                currency.problemWith(command.amount())
                        .ifPresent(problem -> violations.add(new Problem.Violation(field.jsonName, problem)));
            } else if (field == CommandType.Field.EXPIRES_IN_SECONDS
                    && (command.expiresInSeconds() < 1 || command.expiresInSeconds() > Hold.MAX_EXPIRES_IN_SECONDS)) {
                violations.add(new Problem.Violation(field.jsonName,
                        "must be between 1 and " + Hold.MAX_EXPIRES_IN_SECONDS));
            }
        }
        violations.sort(Comparator.comparing(Problem.Violation::field));
        return violations;
    }

    private static ParsedCommand rejected(JsonNode tree, String operationId, String type, BillingCommand fields,
            Problem problem) {
        return new ParsedCommand.Command(operationId, type, fields, null, problem, tree.toString());
    }

    private static String field(JsonProcessingException e) {
        return e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? mapping.getPath().get(mapping.getPath().size() - 1).getFieldName()
                : "?";
    }

    private static String firstLine(IOException e) {
        String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
