package homework.arch.infra;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.util.UUID;

/**
 * Never stored: Quarkus starts Hibernate Reactive (the sessions and transactions the inbox and the outbox join) only
 * for an application with an entity, and infra has none of its own; its test app needs one.
 */
@Entity
public class ProbeRow {

    @Id
    public UUID id;
}
