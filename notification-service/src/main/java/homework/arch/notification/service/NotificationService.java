package homework.arch.notification.service;

import homework.arch.notification.Notification;
import homework.arch.notification.NotificationType;
import homework.arch.notification.Recipient;
import homework.arch.notification.repository.NotificationRepository;
import homework.arch.notification.repository.RecipientRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Writes letters and learns users. The writing methods run inside the consumer's transaction (opened by the inbox
 * together with the record that the event was processed), so they open none themselves.
 */
@ApplicationScoped
public class NotificationService {

    private static final Logger LOG = Logger.getLogger(NotificationService.class);

    private final NotificationRepository notifications;
    private final RecipientRepository recipients;

    public NotificationService(NotificationRepository notifications, RecipientRepository recipients) {
        this.notifications = notifications;
        this.recipients = recipients;
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

    public Uni<Void> orderPaid(UUID orderId, UUID userId, BigDecimal amount, String currency) {
        return write(NotificationType.ORDER_PAID, orderId, userId,
                recipient -> Notification.orderPaid(orderId, amount, currency, userId, recipient.email(), Instant.now()));
    }

    public Uni<Void> orderCancelled(UUID orderId, UUID userId, BigDecimal amount, String currency, String reason) {
        return write(NotificationType.ORDER_CANCELLED, orderId, userId,
                recipient -> Notification.orderCancelled(orderId, amount, currency, reason, userId,
                        recipient.email(), Instant.now()));
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
    private Uni<Void> write(NotificationType type, UUID orderId, UUID userId, Function<Recipient, Notification> letter) {
        return recipients.lock(userId)
                .chain(recipient -> notifications.exists(orderId, type).chain(exists -> {
                    if (exists) {
                        LOG.infof("Order %s already has its %s letter", orderId, type);
                        return Uni.createFrom().voidItem();
                    }
                    Notification written = letter.apply(recipient);
                    // The line an operator finds by the order's trace id (or the order id) when a letter is in question.
                    LOG.infof("%s letter for order %s to user %s (%s)", type, orderId, userId,
                            written.email() == null ? "email not known yet" : "email known");
                    return notifications.persist(written).replaceWithVoid();
                }));
    }
}
