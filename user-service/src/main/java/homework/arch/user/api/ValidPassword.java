package homework.arch.user.api;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;

/**
 * A password of {@value #MIN_BYTES} to {@value #MAX_BYTES} bytes in UTF-8: bcrypt reads no further than 72 bytes, so
 * a longer one would be cut silently. Null passes; add {@code @NotNull} where required.
 */
@Target({ FIELD, PARAMETER, RECORD_COMPONENT })
@Retention(RUNTIME)
@Constraint(validatedBy = ValidPassword.Validator.class)
public @interface ValidPassword {

    int MIN_BYTES = 8;
    int MAX_BYTES = 72;

    String message() default "must be " + MIN_BYTES + " to " + MAX_BYTES + " bytes long (UTF-8)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ValidPassword, String> {

        @Override
        public boolean isValid(String password, ConstraintValidatorContext context) {
            if (password == null) {
                return true;
            }
            int bytes = password.getBytes(StandardCharsets.UTF_8).length;
            return bytes >= MIN_BYTES && bytes <= MAX_BYTES;
        }
    }
}
