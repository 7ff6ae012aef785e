package homework.arch.billing.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import homework.arch.billing.BillingOperation;
import homework.arch.infra.money.CurrencyUnit;
import homework.arch.infra.json.StrictJson;
import homework.arch.infra.problem.Problem;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserTest {

    private static final UUID USER = UUID.randomUUID();
    private static final UUID OTHER = UUID.randomUUID();
    private static final UUID HOLD = UUID.randomUUID();

    private final CommandParser parser = new CommandParser(StrictJson.apply(new ObjectMapper()), CurrencyUnit.of("USD"));

    @ParameterizedTest
    @ValueSource(strings = { "", "{not json", "{\"operationId\":\"a\",\"type\":\"DEPOSIT\"} {}", "[1, 2]", "\"text\"",
        "{\"operationId\":\"a\",\"operationId\":\"b\"}", "null" })
    void unreadableJsonIsDeadLetteredAsMalformed(String body) {
        assertThat(deadLetter(body).reason()).isEqualTo("malformed_json");
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"type\":\"DEPOSIT\"}", "{\"operationId\":null,\"type\":\"DEPOSIT\"}" })
    void aCommandWithoutOperationIdIsDeadLettered(String body) {
        assertThat(deadLetter(body)).isEqualTo(new ParsedCommand.DeadLetter("missing_operation_id",
                "The command has no operationId"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "op\\r\\nINFO forged line", "tab\\there", "nul\\u0000", "caf\\u00e9", "\\u4e2d" })
    void anOperationIdThatIsNotPrintableAsciiIsDeadLetteredWithoutBeingEchoed(String id) {
        ParsedCommand.DeadLetter deadLetter = deadLetter("{\"operationId\":\"" + id
                + "\",\"type\":\"DEPOSIT\",\"userId\":\"" + USER + "\",\"amount\":1}");

        assertThat(deadLetter.reason()).isEqualTo("invalid_operation_id");
        assertThat(deadLetter.detail()).doesNotContain("forged").doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void anOperationIdMustBeAStringOfOneTo255Characters() {
        assertThat(deadLetter("{\"operationId\":42}").reason()).isEqualTo("invalid_operation_id");
        assertThat(deadLetter("{\"operationId\":\"\"}").reason()).isEqualTo("invalid_operation_id");
        assertThat(deadLetter("{\"operationId\":\"" + "k".repeat(256) + "\"}").reason())
                .isEqualTo("invalid_operation_id");
        assertThat(command("{\"operationId\":\"" + "k".repeat(255) + "\",\"type\":\"OPEN_ACCOUNT\",\"userId\":\""
                + USER + "\"}").operation()).isEqualTo(new BillingOperation.OpenAccount(USER));
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"PAYMENT\"", "\"deposit\"", "null", "7" })
    void anUnknownTypeIsRejected(String type) {
        ParsedCommand.Command command = command("{\"operationId\":\"op\",\"type\":" + type + ",\"userId\":\"" + USER
                + "\",\"amount\":1}");

        assertThat(command.operationId()).isEqualTo("op");
        assertThat(command.operation()).isNull();
        assertThat(command.problem().code()).isEqualTo("unknown_type");
        assertThat(command.problem().detail()).contains("OPEN_ACCOUNT", "RELEASE");
    }

    @Test
    void anUnknownFieldIsRejectedNeverIgnored() {
        Problem problem = rejected("{\"operationId\":\"op\",\"type\":\"DEPOSIT\",\"userId\":\"" + USER
                + "\",\"amount\":1,\"ammount\":2}");

        assertThat(problem.code()).isEqualTo("unknown_field");
        assertThat(problem.detail()).contains("'ammount'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"userId\":\"USER\",\"amount\":\"10\"                          | amount",
        "\"userId\":\"USER\",\"amount\":true                            | amount",
        "\"userId\":\"not-a-uuid\",\"amount\":1                         | userId",
        "\"userId\":42,\"amount\":1                                     | userId",
        "\"userId\":\"USER\",\"amount\":1,\"expiresInSeconds\":1.5      | expiresInSeconds" })
    void aFieldOfTheWrongTypeIsRejected(String fields, String field) {
        Problem problem = rejected("{\"operationId\":\"op\",\"type\":\"HOLD\"," + fields.replace("USER", USER.toString())
                + "}");

        assertThat(problem.code()).isEqualTo("invalid_type");
        assertThat(problem.detail()).isEqualTo("Field '" + field + "' has the wrong type or format");
    }

    @ParameterizedTest
    @ValueSource(strings = { "-5", "0", "10.001", "1000000000000.01" })
    void anAmountMustBePositiveWithAtMostTwoDecimalsAndNotTooLarge(String amount) {
        Problem problem = rejected(deposit(amount));

        assertThat(problem.code()).isEqualTo("validation_failed");
        assertThat(problem.violations()).singleElement().extracting(Problem.Violation::field).isEqualTo("amount");
    }

    @Test
    void missingAndSurplusFieldsAreEachNamed() {
        Problem problem = rejected("{\"operationId\":\"op\",\"type\":\"TRANSFER\",\"amount\":5,\"holdId\":\"" + HOLD
                + "\"}");

        assertThat(problem.code()).isEqualTo("validation_failed");
        assertThat(problem.violations()).containsExactly(
                new Problem.Violation("holdId", "is not part of a TRANSFER command"),
                new Problem.Violation("toUserId", "must not be null"),
                new Problem.Violation("userId", "must not be null"));
        assertThat(problem.detail()).isEqualTo(
                "holdId is not part of a TRANSFER command, toUserId must not be null, userId must not be null");
    }

    @Test
    void aHoldLastsOneSecondToThirtyDays() {
        Problem problem = rejected("{\"operationId\":\"op\",\"type\":\"HOLD\",\"userId\":\"" + USER
                + "\",\"amount\":5,\"expiresInSeconds\":0}");

        assertThat(problem.violations()).containsExactly(
                new Problem.Violation("expiresInSeconds", "must be between 1 and 2592000"));
    }

    @Test
    void everyTypeBecomesItsOperation() {
        assertThat(operation("{\"type\":\"OPEN_ACCOUNT\",\"userId\":\"" + USER + "\"}"))
                .isEqualTo(new BillingOperation.OpenAccount(USER));
        assertThat(operation("{\"type\":\"DEPOSIT\",\"userId\":\"" + USER + "\",\"amount\":10.5}"))
                .isEqualTo(new BillingOperation.Deposit(USER, new BigDecimal("10.5")));
        assertThat(operation("{\"type\":\"WITHDRAW\",\"userId\":\"" + USER + "\",\"amount\":3}"))
                .isEqualTo(new BillingOperation.Withdrawal(USER, new BigDecimal("3")));
        assertThat(operation("{\"type\":\"TRANSFER\",\"userId\":\"" + USER + "\",\"toUserId\":\"" + OTHER
                + "\",\"amount\":0.01}"))
                .isEqualTo(new BillingOperation.Transfer(USER, OTHER, new BigDecimal("0.01")));
        assertThat(operation("{\"type\":\"HOLD\",\"userId\":\"" + USER + "\",\"amount\":7}"))
                .isEqualTo(new BillingOperation.PlaceHold(null, USER, new BigDecimal("7"), null));
        assertThat(operation("{\"type\":\"HOLD\",\"userId\":\"" + USER + "\",\"amount\":7,\"holdId\":\"" + HOLD
                + "\",\"expiresInSeconds\":60}"))
                .isEqualTo(new BillingOperation.PlaceHold(HOLD, USER, new BigDecimal("7"), 60L));
        assertThat(operation("{\"type\":\"CAPTURE\",\"userId\":\"" + USER + "\",\"holdId\":\"" + HOLD + "\"}"))
                .isEqualTo(new BillingOperation.CaptureHold(HOLD, null, USER));
        assertThat(operation("{\"type\":\"CAPTURE\",\"userId\":\"" + USER + "\",\"holdId\":\"" + HOLD
                + "\",\"amount\":2}"))
                .isEqualTo(new BillingOperation.CaptureHold(HOLD, new BigDecimal("2"), USER));
        assertThat(operation("{\"type\":\"RELEASE\",\"userId\":\"" + USER + "\",\"holdId\":\"" + HOLD + "\"}"))
                .isEqualTo(new BillingOperation.ReleaseHold(HOLD, USER));
    }

    @Test
    void aRejectedCommandKeepsWhatCouldBeRead() {
        ParsedCommand.Command command = command(deposit("-5"));

        assertThat(command.type()).isEqualTo("DEPOSIT");
        assertThat(command.fields().userId()).isEqualTo(USER);
        assertThat(command.fields().amount()).isEqualByComparingTo("-5");
    }

    private static String deposit(String amount) {
        return "{\"operationId\":\"op\",\"type\":\"DEPOSIT\",\"userId\":\"" + USER + "\",\"amount\":" + amount + "}";
    }

    private BillingOperation operation(String fields) {
        ParsedCommand.Command command = command("{\"operationId\":\"op\"," + fields.substring(1));
        assertThat(command.problem()).isNull();
        return command.operation();
    }

    private Problem rejected(String body) {
        ParsedCommand.Command command = command(body);
        assertThat(command.operation()).isNull();
        return command.problem();
    }

    private ParsedCommand.Command command(String body) {
        ParsedCommand parsed = parser.parse(body.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed).isInstanceOf(ParsedCommand.Command.class);
        return (ParsedCommand.Command) parsed;
    }

    private ParsedCommand.DeadLetter deadLetter(String body) {
        ParsedCommand parsed = parser.parse(body.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed).isInstanceOf(ParsedCommand.DeadLetter.class);
        return (ParsedCommand.DeadLetter) parsed;
    }
}
