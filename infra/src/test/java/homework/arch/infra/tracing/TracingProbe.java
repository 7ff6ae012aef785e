package homework.arch.infra.tracing;

import homework.arch.infra.outbox.Outbox;
import homework.arch.infra.outbox.OutboxMessage;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.Map;
import java.util.UUID;

/** A test-only endpoint that writes an event for ConsumerProbe through the outbox, as a service's request does. */
@Path("/tracing-probe")
@PermitAll
public class TracingProbe {

    private final Outbox outbox;

    public TracingProbe(Outbox outbox) {
        this.outbox = outbox;
    }

    @POST
    public Uni<Void> probe(@QueryParam("subject") UUID subject) {
        UUID eventId = UUID.randomUUID();
        return Panache.withTransaction(() -> outbox.enqueue(OutboxMessage.event(eventId, "probe",
                        subject.toString(), "Probed", "infra-tests", "probe",
                        Map.of("eventId", eventId, "subject", subject))))
                .invoke(outbox::committed);
    }
}
