package homework.arch.system;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each service's OpenAPI document, as the ingress serves it to clients, passes `redocly lint` with the recommended
 * rules and no errors (scripts/api-docs.sh): every operation has an operationId and its responses described, the
 * document names its servers and its security.
 */
@ExtendWith(StackReady.class)
class OpenApiLintIT {

    private static final Path DOCUMENTS = Path.of("system-tests/target/openapi");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"users", "orders", "notifications", "billing"})
    void theApiDocumentPassesRedoclyLint(String prefix) throws IOException {
        String document = given().baseUri(Stack.BASE_URL).accept("application/yaml")
                .get("/" + prefix + "/openapi")
                .then().statusCode(200).extract().asString();
        Files.createDirectories(DOCUMENTS);
        Path file = DOCUMENTS.resolve(prefix + ".yaml");
        Files.writeString(file, document);

        Shell.run("scripts/api-docs.sh openapi " + file); // fails unless redocly exits with 0: no errors
    }
}
