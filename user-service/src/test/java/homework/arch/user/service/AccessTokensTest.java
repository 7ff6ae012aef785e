package homework.arch.user.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

    @Test
    void aSigningKeyIsReadAsPkcs8AsOpensslWritesItAndAsPkcs1AsHelmWritesIt() throws Exception {
        assertThat(AccessTokens.privateKeyOf(resource("keys/signing-key.pkcs1.pem")))
                .isEqualTo(AccessTokens.privateKeyOf(resource("keys/signing-key.pem")));
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = AccessTokensTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
