package homework.arch.billing.api;

import homework.arch.billing.BillingOperation;
import homework.arch.infra.money.CurrencyUnit;
import homework.arch.billing.service.BillingService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/billing/accounts")
@Tag(name = "Accounts", description = "Balances, deposits, withdrawals and statements")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    private final BillingService billing;
    private final CurrencyUnit currency;

    public AccountResource(BillingService billing, CurrencyUnit currency) {
        this.billing = billing;
        this.currency = currency;
    }

    @POST
    @Operation(summary = "Open a user's account (idempotent)")
    @APIResponse(responseCode = "201", description = "Opened",
            content = @Content(schema = @Schema(implementation = AccountResponse.class)))
    @APIResponse(responseCode = "200", description = "It already existed: the same account",
            content = @Content(schema = @Schema(implementation = AccountResponse.class)))
    @APIResponse(responseCode = "400", ref = "Invalid")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Uni<Response> open(@BeanParam IdempotencyKeyHeader key, @NotNull @Valid Requests.OpenAccount request) {
        return billing.execute(key.value(), new BillingOperation.OpenAccount(request.userId()))
                .map(Replies::toResponse);
    }

    @GET
    @Path("/{userId}")
    @Operation(summary = "A user's balance: balance = available + held")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AccountResponse.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<AccountResponse> get(@PathParam("userId") UUID userId) {
        return billing.account(userId).map(account -> AccountResponse.of(account, currency));
    }

    @POST
    @Path("/{userId}/deposits")
    @Operation(summary = "Add money to an account")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = TransactionResponse.class)))
    @APIResponse(responseCode = "400", ref = "Invalid")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Uni<Response> deposit(@PathParam("userId") UUID userId, @BeanParam IdempotencyKeyHeader key,
            @NotNull @Valid Requests.Amount request) {
        return billing.execute(key.value(), new BillingOperation.Deposit(userId, request.amount()))
                .map(Replies::toResponse);
    }

    @POST
    @Path("/{userId}/withdrawals")
    @Operation(summary = "Take money out of an account (never more than is available: held funds cannot be spent)")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = TransactionResponse.class)))
    @APIResponse(responseCode = "400", ref = "Invalid")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Uni<Response> withdraw(@PathParam("userId") UUID userId, @BeanParam IdempotencyKeyHeader key,
            @NotNull @Valid Requests.Amount request) {
        return billing.execute(key.value(), new BillingOperation.Withdrawal(userId, request.amount()))
                .map(Replies::toResponse);
    }

    @GET
    @Path("/{userId}/transactions")
    @Operation(summary = "The account's statement, newest first, with the balance after each entry")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = StatementResponse.class)))
    @APIResponse(responseCode = "400", ref = "Invalid")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<StatementResponse> statement(@PathParam("userId") UUID userId,
            @Parameter(description = "Entries per page, 1 to 500 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        int pageSize = StatementCursor.limit(limit);
        return billing.statement(userId, StatementCursor.decode(userId, cursor), pageSize)
                .map(page -> new StatementResponse(
                        page.lines().stream().map(line -> StatementResponse.Item.of(line, currency)).toList(),
                        page.hasMore() ? StatementCursor.encode(userId, page.lines().get(pageSize - 1).seq())
                                : null));
    }
}
