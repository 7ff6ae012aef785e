package homework.arch.billing.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who may command billing (the broker-validated user_id) and where its answers may go (reply_to). */
class SendersTest {

    private static final Set<String> ALLOWED = Set.of("billing-commands-sender", "erp");

    @Test
    void anAllowedSenderMayCommand() {
        assertThat(Senders.refusal("billing-commands-sender", ALLOWED, null)).isEmpty();
        assertThat(Senders.refusal("erp", ALLOWED, "billing.replies.erp")).isEmpty();
    }

    @Test
    void aSenderNotInTheListIsRefused() {
        assertThat(Senders.refusal("order-service", ALLOWED, null)).get()
                .extracting(ParsedCommand.DeadLetter::reason).isEqualTo("unauthorized_sender");
        // Names are compared exactly.
        assertThat(Senders.refusal("ERP", ALLOWED, null)).isPresent();
        assertThat(Senders.refusal("", ALLOWED, null)).isPresent();
    }

    @Test
    void aCommandWithoutUserIdIsRefused() {
        assertThat(Senders.refusal(null, ALLOWED, null)).get()
                .extracting(ParsedCommand.DeadLetter::reason).isEqualTo("unauthorized_sender");
    }

    @Test
    void theSenderIsCheckedBeforeTheReplyTo() {
        assertThat(Senders.refusal("guest", ALLOWED, "notifications.users")).get()
                .extracting(ParsedCommand.DeadLetter::reason).isEqualTo("unauthorized_sender");
    }

    @Test
    void repliesGoOnlyToDirectReplyToOrBillingRepliesQueues() {
        assertThat(Senders.allowedReplyTo("amq.rabbitmq.reply-to")).isTrue();
        assertThat(Senders.allowedReplyTo("amq.rabbitmq.reply-to.g1h2AA5yZXBseUAxMjM0NTY3OAAAAAAAAAAB")).isTrue();
        assertThat(Senders.allowedReplyTo("billing.replies.erp-1")).isTrue();

        assertThat(Senders.allowedReplyTo("billing.replies.")).isFalse();
        assertThat(Senders.allowedReplyTo("billing.commands")).isFalse();
        assertThat(Senders.allowedReplyTo("notifications.orders")).isFalse();
        assertThat(Senders.allowedReplyTo("amq.rabbitmq.reply-tox")).isFalse();
        assertThat(Senders.refusal("erp", ALLOWED, "notifications.orders")).get()
                .extracting(ParsedCommand.DeadLetter::reason).isEqualTo("reply_to_not_allowed");
    }
}
