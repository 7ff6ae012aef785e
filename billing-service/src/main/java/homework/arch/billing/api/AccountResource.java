package homework.arch.billing.api;

import homework.arch.billing.BillingOperation;
import homework.arch.billing.service.BillingQueries;
import homework.arch.billing.service.OperationExecutor;
import homework.arch.infra.auth.Caller;
import homework.arch.infra.money.CurrencyUnit;
import io.quarkus.security.Authenticated;
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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The caller's own account: every {@code userId} in a path must be the caller's (403 {@code forbidden} otherwise,
 * before anything is read or written). Accounts are opened by user-service ({@link InternalResource}).
 */
@Path("/billing/accounts")
@Tag(name = "Accounts", description = "Balances, deposits, withdrawals and statements")
@Authenticated
@SecurityRequirement(name = "bearer")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    private final OperationExecutor operations;
    private final Replies replies;
    private final BillingQueries queries;
    private final CurrencyUnit currency;
    private final Caller caller;

    public AccountResource(OperationExecutor operations, Replies replies, BillingQueries queries,
            CurrencyUnit currency, Caller caller) {
        this.operations = operations;
        this.replies = replies;
        this.queries = queries;
        this.currency = currency;
        this.caller = caller;
    }

    @GET
    @Path("/{userId}")
    @Operation(operationId = "getAccount", summary = "The caller's balance: balance = available + held")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AccountResponse.class)))
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<AccountResponse> get(@PathParam("userId") UUID userId) {
        return queries.account(caller.own(userId)).map(account -> AccountResponse.of(account, currency));
    }

    @POST
    @Path("/{userId}/deposits")
    @Operation(operationId = "deposit", summary = "Add money to the caller's account")
    @APIResponse(responseCode = "201", description = "Deposited; the balance after it",
            content = @Content(schema = @Schema(implementation = TransactionResponse.class)))
    @APIResponse(responseCode = "400", ref = "Invalid")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Uni<Response> deposit(@PathParam("userId") UUID userId, @BeanParam IdempotencyKeyHeader key,
            @NotNull @Valid Requests.Amount request) {
        UUID owner = caller.own(userId);
        return operations.execute(Requesters.user(caller), key.value(),
                new BillingOperation.Deposit(owner, request.amount()), replies::render).map(Replies::toResponse);
    }

    @POST
    @Path("/{userId}/withdrawals")
    @Operation(operationId = "withdraw",
            summary = "Take money out of the caller's account (never more than is available: held funds cannot "
            + "be spent)")
    @APIResponse(responseCode = "201", description = "Withdrawn; the balance after it",
            content = @Content(schema = @Schema(implementation = TransactionResponse.class)))
    @APIResponse(responseCode = "400", ref = "Invalid")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "422", ref = "Unprocessable")
    public Uni<Response> withdraw(@PathParam("userId") UUID userId, @BeanParam IdempotencyKeyHeader key,
            @NotNull @Valid Requests.Amount request) {
        UUID owner = caller.own(userId);
        return operations.execute(Requesters.user(caller), key.value(),
                new BillingOperation.Withdrawal(owner, request.amount()), replies::render).map(Replies::toResponse);
    }

    @GET
    @Path("/{userId}/transactions")
    @Operation(operationId = "getStatement",
            summary = "The caller's statement, newest first, with the balance after each entry")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = StatementResponse.class)))
    @APIResponse(responseCode = "400", ref = "Invalid")
    @APIResponse(responseCode = "401", ref = "Unauthenticated")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Uni<StatementResponse> statement(@PathParam("userId") UUID userId,
            @Parameter(description = "Entries per page, 1 to 500 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        caller.own(userId);
        int pageSize = StatementCursor.limit(limit);
        return queries.statement(userId, StatementCursor.decode(userId, cursor), pageSize)
                .map(page -> new StatementResponse(
                        page.lines().stream().map(line -> StatementResponse.Item.of(line, currency)).toList(),
                        page.hasMore() ? StatementCursor.encode(userId, page.lines().get(pageSize - 1).seq())
                                : null));
    }
}
