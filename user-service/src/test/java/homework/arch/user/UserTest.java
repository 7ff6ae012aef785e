package homework.arch.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UserTest {

    private final User ann = User.register(UUID.randomUUID(), "Ann", "Ann@Example.com", "$2a$10$hash",
            Instant.parse("2026-01-02T03:04:05.123456789Z"));

    @Test
    void aRegistrationIsPendingUntilActivatedOnce() {
        assertThat(ann.isActive()).isFalse();
        assertThat(ann.activate()).isTrue();
        assertThat(ann.isActive()).isTrue();
        assertThat(ann.activate()).isFalse();
    }

    @Test
    void aRepeatedRegistrationMatchesOnNameAndMailboxWhateverTheEmailCase() {
        assertThat(ann.isRegisteredAs("Ann", "ann@example.COM")).isTrue();
        assertThat(ann.isRegisteredAs("Anne", "ann@example.com")).isFalse();
        assertThat(ann.isRegisteredAs("Ann", "ann@example.org")).isFalse();
    }

    @Test
    void theRegistrationTimeKeepsWhatTheDatabaseKeeps() {
        assertThat(ann.createdAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05.123456Z"));
    }
}
