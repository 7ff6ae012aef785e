package homework.arch.system;

import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A request the JSON reader refuses is a 400 problem with a stable code, from the packaged services in production
 * mode behind the ingress, not only in the services' own test-mode runs: in a payment API a typo must never pass
 * unnoticed, and a client must be able to tell which mistake it made.
 */
@ExtendWith(StackReady.class)
class BadRequestIT {

    private final Api api = new Api("bad-request");

    record Mistake(String path, String body, String code) {
    }

    static List<Mistake> mistakes() {
        String email = "una." + UUID.randomUUID() + "@example.com";
        String user = UUID.randomUUID().toString();
        return List.of(
                new Mistake("/users", "{\"name\":\"Una\",\"email\":\"" + email + "\",\"role\":\"admin\"}",
                        "unknown_field"),
                new Mistake("/users", "{\"name\":7,\"email\":\"" + email + "\"}", "invalid_type"),
                new Mistake("/billing/accounts/" + user + "/deposits", "{\"amount\":1,\"currency\":\"EUR\"}",
                        "unknown_field"),
                new Mistake("/billing/accounts/" + user + "/deposits", "{\"amount\":\"10\"}", "invalid_type"),
                new Mistake("/billing/accounts/" + user + "/deposits", "{\"amount\":1}{\"amount\":2}",
                        "malformed_json"),
                new Mistake("/orders", "{\"userId\":\"" + user + "\",\"price\":1,\"coupon\":\"FREE\"}",
                        "unknown_field"),
                new Mistake("/orders", "{\"userId\":\"" + user + "\",\"price\":\"1\"}", "invalid_type"));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void aBodyTheReaderRefusesIsAProblemWithItsCode(Mistake mistake) {
        api.request().body(mistake.body()).post(mistake.path())
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", is(400))
                .body("code", is(mistake.code()));
    }
}
