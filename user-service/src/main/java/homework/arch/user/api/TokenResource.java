package homework.arch.user.api;

import homework.arch.infra.problem.Problem;
import homework.arch.user.service.AccessTokens;
import homework.arch.user.service.Logins;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;

/** Logging in, and the keys every service verifies access tokens with: both open to anyone. */
@Path("/users")
@PermitAll
@SecurityRequirementsSet // public: no token (an empty set in the API document, not a missing one)
public class TokenResource {

    private final Logins logins;
    private final AccessTokens tokens;

    public TokenResource(Logins logins, AccessTokens tokens) {
        this.logins = logins;
        this.tokens = tokens;
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "logIn", summary = "Log in: an access token for an email and a password")
    @APIResponse(responseCode = "200", description = "Logged in; send the token as Authorization: Bearer <accessToken>",
            content = @Content(schema = @Schema(implementation = LoginResponse.class)))
    @APIResponse(responseCode = "400", description = "validation_failed, malformed_json, ...",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "invalid_credentials: the email or the password is wrong",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "too_many_attempts: wait as long as Retry-After says",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "login_disabled: an external issuer logs users in",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<LoginResponse> login(@Valid @NotNull LoginRequest request, @Context HttpServerRequest http) {
        return logins.login(request.email(), request.password(), http.remoteAddress().hostAddress())
                .map(LoginResponse::of);
    }

    @GET
    @Path("/.well-known/jwks.json")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getJwks", summary = "The public keys that verify access tokens (a JWK Set)")
    @APIResponse(responseCode = "200", description = "The JWK Set: the current signing key and the previous ones")
    @APIResponse(responseCode = "404", description = "login_disabled: the external issuer publishes the keys",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response jwks() {
        return Response.ok(tokens.jwks()).header("Cache-Control", "max-age=300").build();
    }
}
