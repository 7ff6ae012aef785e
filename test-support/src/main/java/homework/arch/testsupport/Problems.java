package homework.arch.testsupport;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.response.ValidatableResponse;

/** What every service answers a client error with: application/problem+json with its status and a stable code. */
public final class Problems {

    public static final String PROBLEM = "application/problem+json";

    private Problems() {
    }

    /** Asserts the problem and returns the response, for the test's own further assertions. */
    public static ValidatableResponse problem(ValidatableResponse response, int status, String code) {
        return response.statusCode(status)
                .contentType(PROBLEM)
                .body("status", equalTo(status))
                .body("code", equalTo(code))
                .body("title", notNullValue());
    }
}
