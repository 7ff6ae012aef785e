package homework.arch.notification.service;

import homework.arch.infra.inbox.InboxEntry;
import homework.arch.notification.Notification;
import homework.arch.notification.repository.LetterRepository;
import homework.arch.notification.repository.NotificationRepository;
import homework.arch.notification.repository.RecipientRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Writes letters and learns users. A letter is one statement that also records its event in the inbox; a user is
 * learnt inside the consumer's transaction (opened by the inbox together with the record that the event was
 * processed), so learnUser opens none itself.
 */
@ApplicationScoped
public class NotificationService {

    private static final Logger LOG = Logger.getLogger(NotificationService.class);

    private final NotificationRepository notifications;
    private final RecipientRepository recipients;
    private final LetterRepository letters;

    public NotificationService(NotificationRepository notifications, RecipientRepository recipients,
            LetterRepository letters) {
        this.notifications = notifications;
        this.recipients = recipients;
        this.letters = letters;
    }

    /** A new user: remember how to reach them and address the letters that were waiting for them. */
    public Uni<Void> learnUser(UUID userId, String name, String email) {
        return recipients.lock(userId).chain(recipient -> {
            if (!recipient.learn(name, email, Instant.now())) {
                return Uni.createFrom().voidItem();
            }
            return notifications.withoutEmail(userId).invoke(waiting -> {
                waiting.forEach(letter -> letter.addressTo(email));
                if (!waiting.isEmpty()) {
                    LOG.infof("Addressed %d letter(s) that were waiting for user %s", waiting.size(), userId);
                }
            }).replaceWithVoid();
        });
    }

    /**
     * Stores the letter for a paid order, in one statement with the inbox record of its event.
     *
     * @param inbox the event's inbox record, from the receiver
     * @return whether the event was new
     */
    public Uni<Boolean> orderPaid(UUID orderId, UUID userId, BigDecimal amount, String currency, InboxEntry inbox) {
        return write(Notification.orderPaid(orderId, amount, currency, userId, Instant.now()), inbox);
    }

    /** As {@link #orderPaid}, for a cancelled order. */
    public Uni<Boolean> orderCancelled(UUID orderId, UUID userId, BigDecimal amount, String currency, String reason,
            InboxEntry inbox) {
        return write(Notification.orderCancelled(orderId, amount, currency, reason, userId, Instant.now()), inbox);
    }

    @WithSession
    public Uni<NotificationPage> newestFirst(UUID userId, int limit, String cursor) {
        PageCursor after = cursor == null ? null : PageCursor.decode(cursor);
        return notifications.newestFirst(userId, after == null ? null : after.createdAt(),
                        after == null ? null : after.id(), limit + 1)
                .map(found -> {
                    if (found.size() <= limit) {
                        return new NotificationPage(found, null);
                    }
                    List<Notification> page = found.subList(0, limit);
                    Notification last = page.get(limit - 1);
                    return new NotificationPage(page, new PageCursor(last.createdAt(), last.id()).encode());
                });
    }

    /** One letter per order outcome, even if the outcome is announced twice under different event ids. */
    private Uni<Boolean> write(Notification letter, InboxEntry inbox) {
        return letters.write(letter, inbox).map(written -> {
            if (!written.recorded()) {
                return false;
            }
            if (!written.written()) {
                LOG.infof("Order %s already has its %s letter", letter.orderId(), letter.type());
                return true;
            }
            letter.addressTo(written.email());
            // The line an operator finds by the order's trace id when a letter is in question (decision 0012).
            LOG.infof("%s letter for order %s to user %s (%s)", letter.type(), letter.orderId(), letter.userId(),
                    letter.email() == null ? "email not known yet" : "email known");
            return true;
        });
    }
}
