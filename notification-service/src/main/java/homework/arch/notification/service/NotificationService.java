package homework.arch.notification.service;

import homework.arch.infra.inbox.InboxBatch;
import homework.arch.notification.Notification;
import homework.arch.notification.repository.LetterRepository;
import homework.arch.notification.repository.LetterRepository.Written;
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
 * Writes letters and learns users. A batch of letters is one statement that also records their events in the inbox; a
 * user is learnt inside the consumer's transaction (opened by the inbox together with the record that the event was
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

    /** The letter for a paid order, to be stored by {@link #writeAll}. */
    public Notification orderPaid(UUID orderId, UUID userId, BigDecimal amount, String currency) {
        return Notification.orderPaid(orderId, amount, currency, userId, Instant.now());
    }

    /** As {@link #orderPaid}, for a cancelled order. */
    public Notification orderCancelled(UUID orderId, UUID userId, BigDecimal amount, String currency, String reason) {
        return Notification.orderCancelled(orderId, amount, currency, reason, userId, Instant.now());
    }

    /**
     * Stores letters, one per event, in one statement that also records their events in the inbox; one letter per
     * order outcome, even if the outcome is announced twice under different event ids.
     *
     * @return what was done for each letter, in their order; {@link #written} tells each one's story
     */
    public Uni<List<Written>> writeAll(InboxBatch inbox, List<Notification> letters) {
        return this.letters.writeAll(inbox, letters);
    }

    /**
     * Logs what {@link #writeAll} did for one letter, where the letter's event is being handled (its trace id).
     *
     * @return whether the letter's event was new
     */
    public boolean written(Notification letter, Written written) {
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
}
