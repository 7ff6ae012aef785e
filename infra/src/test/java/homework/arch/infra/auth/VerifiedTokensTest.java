package homework.arch.infra.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import homework.arch.testsupport.TestTokens;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** What is verified, and when a token is verified again, with the tests' real keys and a clock the test moves. */
class VerifiedTokensTest {

    private static final UUID USER = UUID.randomUUID();

    private final AtomicLong clock = new AtomicLong();
    private final CountingParser parser = new CountingParser();
    private final AtomicInteger blocking = new AtomicInteger();
    private final VerifiedTokens tokens = new VerifiedTokens(parser, config(Duration.ofMinutes(1), 100), clock::get);

    @Test
    void aTokenIsVerifiedOnceThenKnownWithoutLeavingTheEventLoop() {
        String token = TestTokens.of(USER);

        SecurityIdentity first = authenticate(token);
        SecurityIdentity second = authenticate(token);

        assertThat(parser.parsed.get()).isEqualTo(1);
        assertThat(blocking.get()).isEqualTo(1);
        for (SecurityIdentity identity : new SecurityIdentity[] {first, second}) {
            assertThat(((JsonWebToken) identity.getPrincipal()).getSubject()).isEqualTo(USER.toString());
            assertThat(identity.getCredential(TokenCredential.class).getToken()).isEqualTo(token);
        }
    }

    @Test
    void aTokenIsVerifiedAgainOnceItHasExpired() {
        String token = TestTokens.expiringAt(USER, Instant.now().plusSeconds(20));
        authenticate(token);

        clock.addAndGet(TimeUnit.SECONDS.toNanos(21));
        authenticate(token); // the parser still accepts it: the wall clock did not move, only the cache's

        assertThat(parser.parsed.get()).isEqualTo(2);
    }

    @Test
    void aTokenIsVerifiedAgainAfterTheTimeToLiveEvenBeforeItExpires() {
        String token = TestTokens.of(USER); // valid for ten minutes
        authenticate(token);

        clock.addAndGet(TimeUnit.SECONDS.toNanos(59));
        authenticate(token);
        assertThat(parser.parsed.get()).isEqualTo(1);

        clock.addAndGet(TimeUnit.SECONDS.toNanos(2));
        authenticate(token);
        assertThat(parser.parsed.get()).isEqualTo(2);
    }

    @Test
    void aRefusedTokenIsRefusedEveryTimeAndNeverRemembered() {
        TestTokens.refused(USER).forEach((what, token) -> {
            int before = parser.parsed.get();
            for (int attempt = 0; attempt < 2; attempt++) {
                assertThatThrownBy(() -> authenticate(token)).as(what)
                        .isInstanceOf(AuthenticationFailedException.class);
            }
            assertThat(parser.parsed.get()).as(what).isEqualTo(before + 2);
        });
    }

    private SecurityIdentity authenticate(String token) {
        AuthenticationRequestContext context = verify -> {
            blocking.incrementAndGet();
            return Uni.createFrom().item(verify);
        };
        return tokens.authenticate(new TokenAuthenticationRequest(new TokenCredential(token, "bearer")), context)
                .await().indefinitely();
    }

    private static AuthConfig.VerifiedTokens config(Duration ttl, long maxSize) {
        return new AuthConfig.VerifiedTokens() {
            @Override
            public Duration ttl() {
                return ttl;
            }

            @Override
            public long maxSize() {
                return maxSize;
            }
        };
    }

    /** The parser the services use, with the keys and claims their test profiles trust, counting what it verifies. */
    private static final class CountingParser extends DefaultJWTParser {

        final AtomicInteger parsed = new AtomicInteger();

        CountingParser() {
            super(context());
        }

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            parsed.incrementAndGet();
            return super.parse(token);
        }

        private static JWTAuthContextInfo context() {
            JWTAuthContextInfo context = new JWTAuthContextInfo(
                    TestTokens.KEYS.resolve("jwks.json").toUri().toString(), TestTokens.ISSUER);
            context.setExpectedAudience(Set.of(TestTokens.AUDIENCE));
            return context;
        }
    }
}
