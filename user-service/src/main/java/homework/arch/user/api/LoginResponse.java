package homework.arch.user.api;

import homework.arch.user.service.Logins;
import java.util.UUID;

/** @param expiresIn seconds until the token expires */
public record LoginResponse(String accessToken, String tokenType, long expiresIn, UUID userId) {

    static LoginResponse of(Logins.Login login) {
        return new LoginResponse(login.token().token(), "Bearer", login.token().expiresIn(), login.userId());
    }
}
