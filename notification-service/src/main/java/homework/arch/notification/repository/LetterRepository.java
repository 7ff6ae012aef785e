package homework.arch.notification.repository;

import homework.arch.infra.inbox.Inbox;
import homework.arch.infra.inbox.InboxEntry;
import homework.arch.notification.Notification;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;

/**
 * Stores a letter together with the inbox record of the event that asked for it, in one autocommitted statement on
 * the plain reactive pool: one round trip and no Hibernate session per order event (they were most of this service's
 * CPU per event).
 * <p>
 * The statement writes, in this order: the inbox record; then, only if that was inserted (a new event), the user's
 * recipient row; then, only if that was written, the letter, unless the order already has its letter of that type.
 * <p>
 * The recipient row is how a letter and the user's introduction (UserCreated, which locks the same row in its
 * transaction, then addresses the letters stored without an email) never miss each other. The upsert's
 * {@code DO UPDATE} takes the row's lock, and, under READ COMMITTED, works on the newest committed version of the row
 * even if it committed after this statement's snapshot was taken; its {@code RETURNING} therefore gives the email as
 * the introduction left it. So either the introduction committed before the upsert got the lock, and the letter is
 * stored with its email; or the upsert holds the lock first, the introduction waits until this statement committed,
 * and its query for the letters without an email (a fresh snapshot, taken after its lock) finds this one. A plain
 * {@code SELECT} of the email could not do this: in one statement it reads the statement's snapshot, which may predate
 * the introduction's commit it waited for, and the letter would stay without an email for good.
 */
@ApplicationScoped
public class LetterRepository {

    private static final String WRITE = """
            WITH %s,
            recipient AS (
                INSERT INTO recipient (user_id) SELECT $3::uuid FROM inbox
                ON CONFLICT (user_id) DO UPDATE SET user_id = EXCLUDED.user_id
                RETURNING email
            ),
            letter AS (
                INSERT INTO notification (id, user_id, email, order_id, type, subject, body, created_at)
                SELECT $4::uuid, $3::uuid, email, $5::uuid, $6::varchar, $7::varchar, $8::text, $9::timestamptz
                FROM recipient
                ON CONFLICT ON CONSTRAINT notification_order_type_uk DO NOTHING
                RETURNING id
            )
            SELECT EXISTS (SELECT FROM inbox) AS recorded, EXISTS (SELECT FROM letter) AS written,
                   (SELECT email FROM recipient) AS email
            """.formatted(Inbox.RECORD);

    /**
     * What the statement did.
     *
     * @param recorded whether the event was new; nothing else was written if not
     * @param written  whether the letter was stored; not if the order already had its letter of this type
     * @param email    the user's email as the letter was stored with it; null if the user is not known yet
     */
    public record Written(boolean recorded, boolean written, String email) {
    }

    private final Pool pool;

    public LetterRepository(Pool pool) {
        this.pool = pool;
    }

    /** @param inbox the event's inbox record, written by the same statement (see {@link Inbox#RECORD}) */
    public Uni<Written> write(Notification letter, InboxEntry inbox) {
        return pool.preparedQuery(WRITE)
                .execute(inbox.parameters().addUUID(letter.userId()).addUUID(letter.id()).addUUID(letter.orderId())
                        .addString(letter.type().name()).addString(letter.subject()).addString(letter.body())
                        .addOffsetDateTime(letter.createdAt().atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Written(row.getBoolean("recorded"), row.getBoolean("written"), row.getString("email"));
                });
    }
}
