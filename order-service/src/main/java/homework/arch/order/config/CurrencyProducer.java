package homework.arch.order.config;

import homework.arch.infra.money.CurrencyUnit;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

public class CurrencyProducer {

    /** Created at startup, so that a wrong {@code orders.currency} stops the service before it takes a request. */
    @Produces
    @Singleton
    @Startup
    CurrencyUnit currency(OrdersConfig config) {
        return CurrencyUnit.of(config.currency());
    }
}
