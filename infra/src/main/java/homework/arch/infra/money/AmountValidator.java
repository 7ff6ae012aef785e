package homework.arch.infra.money;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.math.BigDecimal;

/** Asks the currency, so that the API's rule and the ledger's rule are the same rule. */
public class AmountValidator implements ConstraintValidator<ValidAmount, BigDecimal> {

    // Looked up on use: validators are created while the application starts, before runtime configuration exists.
    @Inject
    Instance<CurrencyUnit> currency;

    @Override
    public boolean isValid(BigDecimal amount, ConstraintValidatorContext context) {
        if (amount == null) {
            return true;
        }
        return currency.get().problemWith(amount).map(problem -> {
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
            return false;
        }).orElse(true);
    }
}
