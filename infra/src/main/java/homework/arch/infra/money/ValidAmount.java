package homework.arch.infra.money;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * An amount of the deployment's currency: greater than 0, at most 2 decimal places (fewer if the currency has fewer),
 * at most {@link CurrencyUnit#MAX_AMOUNT}. Null passes; add {@code @NotNull} where required.
 */
@Target({ FIELD, METHOD, PARAMETER })
@Retention(RUNTIME)
@Constraint(validatedBy = AmountValidator.class)
public @interface ValidAmount {

    String message() default "must be a valid amount";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
