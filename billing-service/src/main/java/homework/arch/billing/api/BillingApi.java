package homework.arch.billing.api;

import homework.arch.infra.problem.Problem;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The OpenAPI description: the problem answers every endpoint shares are defined once here and referenced by name
 * ({@code @APIResponse(responseCode = "404", ref = "NotFound")}).
 */
@OpenAPIDefinition(
        info = @Info(title = "billing-service", version = "1.0",
                description = "Balances as a double-entry journal: accounts, deposits, withdrawals, transfers, holds, "
                        + "payments and statements. Amounts are JSON numbers with at most 2 decimals in the "
                        + "deployment's one currency. Errors are application/problem+json with a stable code. Every "
                        + "endpoint takes an access token (Authorization: Bearer, from POST /users/login) and acts on "
                        + "the caller's own account, holds and payments only."),
        components = @Components(responses = {
            @APIResponse(name = "Invalid", responseCode = "400", description = "The request is malformed: "
                    + "validation_failed (with violations), unknown_field, invalid_type, malformed_json, "
                    + "invalid_idempotency_key, invalid_cursor",
                    content = @Content(mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class))),
            @APIResponse(name = "Unauthenticated", responseCode = "401", description = "unauthenticated (no access "
                    + "token; with WWW-Authenticate: Bearer) or invalid_token (malformed, tampered with, expired, "
                    + "signed by an unknown key, or for another issuer or audience)",
                    content = @Content(mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class))),
            @APIResponse(name = "Forbidden", responseCode = "403", description = "forbidden: the request names "
                    + "another user (a user acts only on their own account)",
                    content = @Content(mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class))),
            @APIResponse(name = "NotFound", responseCode = "404",
                    description = "account_not_found, or hold_not_found / payment_not_found (also for another "
                            + "user's hold or payment)",
                    content = @Content(mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class))),
            @APIResponse(name = "Conflict", responseCode = "409", description = "The current state forbids it: "
                    + "insufficient_funds, balance_limit_exceeded, hold_not_active, hold_expired, "
                    + "capture_exceeds_hold, hold_exists, payment_conflict; or request_in_progress (the first "
                    + "request with this Idempotency-Key is still running)",
                    content = @Content(mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class))),
            @APIResponse(name = "Unprocessable", responseCode = "422", description = "idempotency_key_reused (the "
                    + "key was used for a different request), same_account, user_id_reserved",
                    content = @Content(mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
        }))
public class BillingApi extends Application {
}
