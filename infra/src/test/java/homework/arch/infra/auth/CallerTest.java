package homework.arch.infra.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import homework.arch.infra.problem.ProblemException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** The ownership rule, without Quarkus: who the caller is, and which user ids a caller may name. */
class CallerTest {

    private static final UUID ME = UUID.randomUUID();

    @Test
    void aUserMayNameThemselvesOrNobody() {
        Caller caller = new Caller(user(ME.toString()));

        assertThat(caller.userId()).isEqualTo(ME);
        assertThat(caller.own(ME)).isEqualTo(ME);
        assertThat(caller.own(null)).isEqualTo(ME);
    }

    @Test
    void namingAnotherUserIsForbidden() {
        Caller caller = new Caller(user(ME.toString()));

        assertThatThrownBy(() -> caller.own(UUID.randomUUID())).isInstanceOfSatisfying(ProblemException.class,
                e -> {
                    assertThat(e.problem().status()).isEqualTo(403);
                    assertThat(e.problem().code()).isEqualTo("forbidden");
                });
    }

    @Test
    void noIdentityIsUnauthenticatedAndATokenWithoutAUserIdIsInvalid() {
        assertThatThrownBy(() -> new Caller(QuarkusSecurityIdentity.builder().setAnonymous(true).build()).userId())
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> new Caller(user("admin")).userId())
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> new Caller(user(null)).own(null))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void aServiceIsNotAUserAndAUserIsNotAService() {
        Caller service = new Caller(service("order-service"));
        Caller user = new Caller(user(ME.toString()));

        assertThat(service.serviceName()).isEqualTo("order-service");
        assertThatThrownBy(service::userId).isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(user::serviceName).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void idempotencyScopesDifferByCallerAndFitTheStore() {
        UUID other = UUID.randomUUID();
        String mine = new Caller(user(ME.toString())).idempotencyScope("billing");

        assertThat(mine).isEqualTo("billing:user:" + ME).isNotEqualTo(IdempotencyScopes.ofUser("billing", other));
        assertThat(IdempotencyScopes.ofService("billing", "order-service")).isEqualTo("billing:service:order-service");
        assertThat(IdempotencyScopes.ofSender("billing", null)).isNotEqualTo(IdempotencyScopes.ofSender("billing", "-x"));
        String longName = "sender-" + "x".repeat(100);
        assertThat(IdempotencyScopes.ofSender("billing", longName))
                .hasSizeLessThanOrEqualTo(IdempotencyScopes.MAX_LENGTH)
                .isNotEqualTo(IdempotencyScopes.ofSender("billing", longName + "y"));
    }

    private static SecurityIdentity user(String subject) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new JsonWebToken() {
            @Override
            public String getName() {
                return subject;
            }

            @Override
            public Set<String> getClaimNames() {
                return Set.of("sub");
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return "sub".equals(claimName) ? (T) subject : null;
            }
        }).build();
    }

    private static SecurityIdentity service(String name) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(name)).addRole("pay-orders")
                .build();
    }
}
