package homework.arch.billing.messaging;

import homework.arch.billing.BillingOperation;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** The commands billing takes from its queue: which fields each needs or allows, and the operation it asks for. */
public enum CommandType {

    OPEN_ACCOUNT(List.of(Field.USER_ID), List.of()),
    DEPOSIT(List.of(Field.USER_ID, Field.AMOUNT), List.of()),
    WITHDRAW(List.of(Field.USER_ID, Field.AMOUNT), List.of()),
    TRANSFER(List.of(Field.USER_ID, Field.TO_USER_ID, Field.AMOUNT), List.of()),
    HOLD(List.of(Field.USER_ID, Field.AMOUNT), List.of(Field.HOLD_ID, Field.EXPIRES_IN_SECONDS)),
    CAPTURE(List.of(Field.USER_ID, Field.HOLD_ID), List.of(Field.AMOUNT)),
    RELEASE(List.of(Field.USER_ID, Field.HOLD_ID), List.of());

    /** The fields besides operationId and type. */
    enum Field {
        USER_ID("userId", BillingCommand::userId),
        TO_USER_ID("toUserId", BillingCommand::toUserId),
        AMOUNT("amount", BillingCommand::amount),
        HOLD_ID("holdId", BillingCommand::holdId),
        EXPIRES_IN_SECONDS("expiresInSeconds", BillingCommand::expiresInSeconds);

        final String jsonName;
        final Function<BillingCommand, Object> value;

        Field(String jsonName, Function<BillingCommand, Object> value) {
            this.jsonName = jsonName;
            this.value = value;
        }
    }

    final List<Field> required;
    final List<Field> optional;

    CommandType(List<Field> required, List<Field> optional) {
        this.required = required;
        this.optional = optional;
    }

    /** The type named exactly so (commands are case-sensitive, like every other field). */
    public static Optional<CommandType> named(String name) {
        return Arrays.stream(values()).filter(type -> type.name().equals(name)).findFirst();
    }

    /** The first part of a result's routing key, e.g. {@code open_account} in {@code open_account.succeeded}. */
    public String routingName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The operation a command of this type asks for; its fields have been checked against this type. */
    BillingOperation operation(BillingCommand command) {
        return switch (this) {
            case OPEN_ACCOUNT -> new BillingOperation.OpenAccount(command.userId());
            case DEPOSIT -> new BillingOperation.Deposit(command.userId(), command.amount());
            case WITHDRAW -> new BillingOperation.Withdrawal(command.userId(), command.amount());
            case TRANSFER -> new BillingOperation.Transfer(command.userId(), command.toUserId(), command.amount());
            case HOLD -> new BillingOperation.PlaceHold(command.holdId(), command.userId(), command.amount(),
                    command.expiresInSeconds());
            case CAPTURE -> new BillingOperation.CaptureHold(command.holdId(), command.amount(), command.userId());
            case RELEASE -> new BillingOperation.ReleaseHold(command.holdId(), command.userId());
        };
    }
}
