package homework.arch.infra.correlation;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;

/** Test-only endpoints: one calls the other through a REST client, which shows what travels between services. */
@Path("/correlation-probe")
@PermitAll
public class CorrelationProbe {

    @Path("/correlation-probe")
    public interface Echo {
        @GET
        @Path("/seen")
        @Produces(MediaType.TEXT_PLAIN)
        Uni<String> seen();
    }

    @GET
    @Path("/seen")
    @Produces(MediaType.TEXT_PLAIN)
    public String seen(@HeaderParam(CorrelationId.HTTP_HEADER) String received) {
        return String.valueOf(received);
    }

    @GET
    @Path("/call")
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<String> call(@QueryParam("baseUri") String baseUri) {
        return QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(baseUri)).build(Echo.class).seen();
    }
}
