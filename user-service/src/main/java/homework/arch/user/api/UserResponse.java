package homework.arch.user.api;

import homework.arch.user.User;
import java.time.Instant;
import java.util.UUID;

public record UserResponse(UUID id, String name, String email, Instant createdAt) {

    static UserResponse of(User user) {
        return new UserResponse(user.id(), user.name(), user.email(), user.createdAt());
    }
}
