package homework.arch.infra.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Which credentials are checked with the users again, with a clock the test moves. */
class VerifiedPasswordsTest {

    private final AtomicLong clock = new AtomicLong();
    private final AtomicInteger checked = new AtomicInteger();
    /** The configured users: order-service with its one password. */
    private final IdentityProvider<UsernamePasswordAuthenticationRequest> users = new IdentityProvider<>() {
        @Override
        public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
            return UsernamePasswordAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                AuthenticationRequestContext context) {
            checked.incrementAndGet();
            if (!request.getUsername().equals("order-service")
                    || !new String(request.getPassword().getPassword()).equals("right")) {
                return Uni.createFrom().failure(new AuthenticationFailedException());
            }
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal("order-service")).addRole("pay-orders").build());
        }
    };
    private final VerifiedPasswords passwords = new VerifiedPasswords(users, config(Duration.ofMinutes(1)),
            clock::get);

    @Test
    void aCredentialThatPassedIsNotCheckedAgainWithinTheTimeToLive() {
        SecurityIdentity first = authenticate("order-service", "right");
        SecurityIdentity second = authenticate("order-service", "right");

        assertThat(checked.get()).isEqualTo(1);
        assertThat(second.getPrincipal().getName()).isEqualTo("order-service");
        assertThat(second.getRoles()).containsExactly("pay-orders");
        assertThat(second).isSameAs(first);

        clock.addAndGet(TimeUnit.SECONDS.toNanos(61));
        authenticate("order-service", "right");
        assertThat(checked.get()).isEqualTo(2);
    }

    @Test
    void aWrongCredentialIsCheckedAndRefusedEveryTime() {
        authenticate("order-service", "right");

        for (String[] wrong : new String[][] {{"order-service", "wrong"}, {"order-service", "right "},
                {"user-service", "right"}, {"order-service\0right", ""}}) {
            for (int attempt = 0; attempt < 2; attempt++) {
                assertThatThrownBy(() -> authenticate(wrong[0], wrong[1]))
                        .isInstanceOf(AuthenticationFailedException.class);
            }
        }
        assertThat(checked.get()).isEqualTo(1 + 4 * 2);
    }

    private SecurityIdentity authenticate(String username, String password) {
        AuthenticationRequestContext context = verify -> Uni.createFrom().item(verify);
        return passwords.authenticate(new UsernamePasswordAuthenticationRequest(username,
                new PasswordCredential(password.toCharArray())), context).await().indefinitely();
    }

    private static AuthConfig.VerifiedPasswords config(Duration ttl) {
        return new AuthConfig.VerifiedPasswords() {
            @Override
            public Duration ttl() {
                return ttl;
            }

            @Override
            public long maxSize() {
                return 100;
            }
        };
    }
}
