package homework.arch.billing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A user's account as last written. Balances change only by posting a {@link Movement} (see the service), which
 * keeps this row equal to the sum of the account's postings; {@code lastSeq} is the position of its latest posting.
 * The system account has a row too (so postings can reference it) but its balance lives only in the journal:
 * maintaining it here would make every deposit and withdrawal in the system queue on that one row.
 */
@Entity
@Table(name = "account")
public class Account {

    @Id
    @Column(name = "user_id")
    private UUID userId;
    @Column(nullable = false)
    private long available;
    @Column(nullable = false)
    private long held;
    @Column(name = "last_seq", nullable = false)
    private long lastSeq;
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Account() {
    }

    public boolean isSystem() {
        return Movement.SYSTEM_ACCOUNT.equals(userId);
    }

    public UUID userId() {
        return userId;
    }

    public Balance balance() {
        return new Balance(available, held);
    }

    public long lastSeq() {
        return lastSeq;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
