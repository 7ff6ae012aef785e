package homework.arch.order.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import homework.arch.infra.auth.Caller;
import homework.arch.infra.idempotency.Claim.RecordedResponse;
import homework.arch.infra.idempotency.IdempotencyStore;
import homework.arch.infra.problem.Problem;
import homework.arch.order.service.OrderService;
import homework.arch.order.service.OrderService.Placement;
import homework.arch.order.service.PlaceOrder;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * A user's orders, for that user only: every request carries the user's access token, a {@code userId} it names must
 * be the caller's (403 otherwise), and another user's order is not found (404), as if it did not exist. These checks
 * come before anything is written or billing is asked.
 */
@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "unauthenticated (no access token) or invalid_token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class OrderResource {

    private static final String SERVICE = "orders";

    private final OrderService orders;
    private final Caller caller;
    private final ObjectMapper json;

    public OrderResource(OrderService orders, Caller caller, ObjectMapper json) {
        this.orders = orders;
        this.caller = caller;
        this.json = json;
    }

    @POST
    @Operation(operationId = "placeOrder", summary = "Place an order and pay it")
    @APIResponse(responseCode = "201", description = "Placed and settled: PAID, or CANCELLED with a reason",
            content = @Content(schema = @Schema(implementation = OrderResponse.class)))
    @APIResponse(responseCode = "202", description = "Placed; billing could not be reached in time, so the order is "
            + "PENDING and will be settled in the background",
            content = @Content(schema = @Schema(implementation = OrderResponse.class)))
    @APIResponse(responseCode = "200", description = "The same order was placed before",
            content = @Content(schema = @Schema(implementation = OrderResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid request (code validation_failed, unknown_field, "
            + "invalid_idempotency_key, ...)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "forbidden: userId names another user",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "order_exists with other data, or request_in_progress",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "idempotency_key_reused with a different request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> place(
            @Parameter(description = "Makes a retry safe: the first response is replayed (1..255 characters)",
                    schema = @Schema(type = SchemaType.STRING, maxLength = IdempotencyStore.MAX_KEY_LENGTH))
            @HeaderParam(IdempotencyStore.KEY_HEADER) String idempotencyKey,
            @Context HttpHeaders headers,
            @Valid @NotNull PlaceOrderRequest request) {
        PlaceOrder order = request.toCommand(caller.own(request.userId()));
        List<String> sentKeys = headers.getRequestHeader(IdempotencyStore.KEY_HEADER);
        if (idempotencyKey == null && sentKeys != null && !sentKeys.isEmpty()) {
            idempotencyKey = ""; // sent but empty: the client wants idempotency, and must hear its key is unusable
        }
        if (idempotencyKey == null) {
            return orders.place(order)
                    .map(placement -> Response.status(statusOf(placement))
                            .entity(OrderResponse.of(placement.order())).build());
        }
        return orders.place(order, caller.idempotencyScope(SERVICE), idempotencyKey, this::record)
                .map(keyed -> {
                    Response.ResponseBuilder response = Response.status(keyed.response().status())
                            .type(MediaType.APPLICATION_JSON_TYPE).entity(keyed.response().body());
                    return keyed.replayed()
                            ? response.header(IdempotencyStore.REPLAYED_HEADER, "true").build()
                            : response.build();
                });
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getOrder", summary = "Get an order")
    @APIResponse(responseCode = "200", description = "The order",
            content = @Content(schema = @Schema(implementation = OrderResponse.class)))
    @APIResponse(responseCode = "404", description = "order_not_found (no such order of the caller's)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<OrderResponse> get(@PathParam("id") UUID id) {
        return orders.findOf(caller.userId(), id).map(OrderResponse::of);
    }

    @GET
    @Operation(operationId = "listOrders", summary = "The caller's orders, newest first")
    @APIResponse(responseCode = "200", description = "One page; pass nextCursor as cursor for the next one",
            content = @Content(schema = @Schema(implementation = OrderPageResponse.class)))
    @APIResponse(responseCode = "400", description = "validation_failed or invalid_cursor",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "forbidden: userId names another user",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<OrderPageResponse> list(
            @Parameter(description = "The caller's own id, or left out") @QueryParam("userId") UUID userId,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit,
            @QueryParam("cursor") String cursor) {
        return orders.listOfUser(caller.own(userId), cursor, limit).map(page -> new OrderPageResponse(
                page.items().stream().map(OrderResponse::of).toList(), page.nextCursor()));
    }

    /** 201 settled now, 202 still PENDING, 200 settled by an earlier request. */
    private static int statusOf(Placement placement) {
        if (placement.order().isPending()) {
            return Response.Status.ACCEPTED.getStatusCode();
        }
        return placement.created() ? Response.Status.CREATED.getStatusCode() : Response.Status.OK.getStatusCode();
    }

    /** The exact response sent now and replayed for every later request with the same Idempotency-Key. */
    private RecordedResponse record(Placement placement) {
        try {
            return new RecordedResponse(statusOf(placement),
                    json.writeValueAsString(OrderResponse.of(placement.order())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An order response cannot be serialised", e);
        }
    }
}
