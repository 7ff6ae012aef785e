package homework.arch.user.api;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * {@code id} is optional: a client that sends its own can safely repeat the request after a lost answer. The password
 * is kept only as a hash and never shown again, not even in a log of this record.
 */
public record CreateUserRequest(
        UUID id,
        @NotBlank @Size(max = 100) String name,
        @NotBlank @Size(max = 254) @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+") String email,
        @NotNull @ValidPassword String password) {

    @Override
    public String toString() {
        return "CreateUserRequest[id=" + id + ", name=" + name + ", email=" + email + ", password=(not shown)]";
    }
}
