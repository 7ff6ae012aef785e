package homework.arch.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * A registered user. Registration is the only way in; a user's identity (id, email) never changes. A registration is
 * PENDING until billing has opened the user's account; only then is it a user that anyone else sees.
 */
@Entity
@Table(name = "users")
public class User {

    @Id
    private UUID id;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(nullable = false, length = 254)
    private String email;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 7)
    private UserStatus status;

    /** bcrypt, salt and cost inside; null for users registered before passwords existed (they cannot log in). */
    @Column(name = "password_hash", length = 60)
    private String passwordHash;

    protected User() {
        // for Hibernate
    }

    private User(UUID id, String name, String email, String passwordHash, Instant createdAt) {
        this.id = Objects.requireNonNull(id);
        this.name = Objects.requireNonNull(name);
        this.email = Objects.requireNonNull(email);
        this.passwordHash = Objects.requireNonNull(passwordHash);
        // PostgreSQL keeps microseconds: truncating here makes the stored and the returned value the same.
        this.createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
        this.status = UserStatus.PENDING;
    }

    /** A new registration, pending until {@link #activate}d; {@code passwordHash} as {@code Passwords} makes it. */
    public static User register(UUID id, String name, String email, String passwordHash, Instant now) {
        return new User(id, name, email, passwordHash, now);
    }

    /**
     * Makes the registration a user, once its billing account is open.
     *
     * @return false if it was active already (another attempt completed it)
     */
    public boolean activate() {
        if (status == UserStatus.ACTIVE) {
            return false;
        }
        status = UserStatus.ACTIVE;
        return true;
    }

    public boolean isActive() {
        return status == UserStatus.ACTIVE;
    }

    /** A repeated registration is the same one when it carries the same name and (case-insensitively) email. */
    public boolean isRegisteredAs(String name, String email) {
        return this.name.equals(name) && sameMailbox(email);
    }

    private boolean sameMailbox(String email) {
        return this.email.toLowerCase(Locale.ROOT).equals(email.toLowerCase(Locale.ROOT));
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String email() {
        return email;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String passwordHash() {
        return passwordHash;
    }
}
