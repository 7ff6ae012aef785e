package homework.arch.billing.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import homework.arch.billing.Balance;
import homework.arch.billing.Position;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequesterTest {

    private final UUID payer = UUID.randomUUID();
    private final UUID payee = UUID.randomUUID();
    private final List<Position> transfer = List.of(new Position(payer, new Balance(70, 0), 2),
            new Position(payee, new Balance(30, 0), 1));

    @Test
    void aUserSeesTheirOwnAccountOnly() {
        Requester user = Requester.user(payer, "billing:user:" + payer);

        assertThat(user.visible(transfer)).extracting(Position::accountId).containsExactly(payer);
        assertThat(user.sees(payer)).isTrue();
        assertThat(user.sees(payee)).isFalse();
        assertThat(Requester.user(payee, "billing:user:" + payee).visible(transfer)).extracting(Position::accountId)
                .containsExactly(payee);
    }

    @Test
    void aTrustedSystemSeesEveryAccountInItsOrder() {
        Requester sender = Requester.system("billing:sender:payments");

        assertThat(sender.visible(transfer)).isEqualTo(transfer);
        assertThat(sender.sees(payee)).isTrue();
    }

    @Test
    void everyRequesterHasAScopeAndAUserAnId() {
        assertThatThrownBy(() -> Requester.system(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Requester.user(null, "billing:user:x")).isInstanceOf(NullPointerException.class);
    }
}
