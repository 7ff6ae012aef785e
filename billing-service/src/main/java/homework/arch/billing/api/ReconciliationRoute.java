package homework.arch.billing.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import homework.arch.billing.Reconciliation;
import homework.arch.billing.service.BillingQueries;
import homework.arch.infra.money.CurrencyUnit;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /q/reconciliation} on the management port (next to health and metrics, never routed by the ingress):
 * 200 when the ledger is consistent, 500 when it is not, with the figures either way. Amounts in major units.
 */
@ApplicationScoped
public class ReconciliationRoute {

    private final BillingQueries queries;
    private final CurrencyUnit currency;
    private final ObjectMapper mapper;
    private final String path;

    public ReconciliationRoute(BillingQueries queries, CurrencyUnit currency, ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.management.root-path", defaultValue = "/q") String managementRoot) {
        this.queries = queries;
        this.currency = currency;
        this.mapper = mapper;
        this.path = managementRoot.replaceAll("/+$", "") + "/reconciliation";
    }

    void register(@Observes ManagementInterface management) {
        management.router().get(path).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        queries.reconcile().subscribe().with(reconciliation -> {
            try {
                context.response().setStatusCode(reconciliation.consistent() ? 200 : 500)
                        .putHeader("Content-Type", MediaType.APPLICATION_JSON)
                        .end(mapper.writeValueAsString(Report.of(reconciliation, currency)));
            } catch (JsonProcessingException e) {
                context.fail(e);
            }
        }, context::fail);
    }

    public record Report(boolean consistent, String currency, long accounts, long transactions,
            long accountsNotMatchingJournal, long accountsNotMatchingHolds, long postingsWithWrongBalanceAfter,
            long unbalancedTransactions, long transactionsWithoutPostings, BigDecimal userTotal,
            BigDecimal systemTotal, BigDecimal deposits, BigDecimal withdrawals, List<UUID> mismatchedAccounts) {

        static Report of(Reconciliation r, CurrencyUnit currency) {
            return new Report(r.consistent(), currency.code(), r.accounts(), r.transactions(),
                    r.accountsNotMatchingJournal(), r.accountsNotMatchingHolds(), r.postingsWithWrongBalanceAfter(),
                    r.unbalancedTransactions(), r.transactionsWithoutPostings(), major(r.userTotal(), currency),
                    major(r.systemTotal(), currency), major(r.deposits(), currency), major(r.withdrawals(), currency),
                    r.mismatchedAccounts());
        }

        private static BigDecimal major(BigDecimal minorUnits, CurrencyUnit currency) {
            return minorUnits.movePointLeft(currency.fractionDigits());
        }
    }
}
