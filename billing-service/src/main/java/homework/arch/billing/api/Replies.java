package homework.arch.billing.api;

import homework.arch.billing.service.Reply;
import homework.arch.infra.idempotency.IdempotencyStore;
import homework.arch.infra.problem.Problem;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Sends a {@link Reply} as it is: its status and its recorded body, byte for byte. */
final class Replies {

    private Replies() {
    }

    static Response toResponse(Reply reply) {
        Response.ResponseBuilder response = Response.status(reply.status())
                .type(reply.isProblem() ? Problem.MEDIA_TYPE : MediaType.APPLICATION_JSON)
                .entity(reply.body());
        if (reply.replayed()) {
            response.header(IdempotencyStore.REPLAYED_HEADER, "true");
        }
        return response.build();
    }
}
