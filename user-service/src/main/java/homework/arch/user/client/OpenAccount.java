package homework.arch.user.client;

import java.util.UUID;

public record OpenAccount(UUID userId) {
}
