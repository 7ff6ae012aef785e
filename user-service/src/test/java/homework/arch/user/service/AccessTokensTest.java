package homework.arch.user.service;

import static org.assertj.core.api.Assertions.assertThat;

import homework.arch.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

    @Test
    void aSigningKeyIsReadAsPkcs8AsOpensslWritesItAndAsPkcs1AsHelmWritesIt() throws Exception {
        assertThat(AccessTokens.privateKeyOf(TestTokens.file("signing-key.pkcs1.pem")))
                .isEqualTo(AccessTokens.privateKeyOf(TestTokens.file("signing-key.pem")));
    }
}
