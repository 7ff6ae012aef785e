package homework.arch.notification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

/** A user as far as letters are concerned: known once UserCreated arrived, a bare id before that. */
@Entity
public class Recipient {

    @Id
    @Column(name = "user_id")
    private UUID userId;

    private String name;

    private String email;

    @Column(name = "known_at")
    private Instant knownAt;

    protected Recipient() {
    }

    /** The user introduced themselves; the first introduction wins (a redelivered event changes nothing). */
    public boolean learn(String name, String email, Instant at) {
        if (isKnown()) {
            return false;
        }
        this.name = name;
        this.email = email;
        this.knownAt = at;
        return true;
    }

    public boolean isKnown() {
        return knownAt != null;
    }

    /** null while the user is not known yet */
    public String email() {
        return email;
    }
}
