package homework.arch.notification.repository;

import homework.arch.infra.inbox.Inbox;
import homework.arch.infra.inbox.InboxBatch;
import homework.arch.notification.Notification;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Stores letters together with the inbox records of the events that asked for them, a batch of them in one
 * autocommitted statement on the plain reactive pool: one round trip and one commit for many letters, and no Hibernate
 * session (they were most of this service's CPU per event).
 * <p>
 * The statement writes, in this order: the inbox records; then, for the users of the events that were new, their
 * recipient rows; then, for each new event, its letter, unless the order already has its letter of that type. Each
 * write goes in the order of its key (event id, user id, order), so two batches never wait for each other in a cycle.
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

    private static final String WRITE_ALL = """
            WITH %s,
            input AS (
                SELECT * FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::varchar[], $7::varchar[],
                                     $8::text[], $9::timestamptz[])
                    WITH ORDINALITY AS input (event_id, user_id, letter_id, order_id, type, subject, body,
                                              created_at, position)
            ),
            recipient AS (
                INSERT INTO recipient (user_id)
                SELECT DISTINCT input.user_id FROM input JOIN inbox USING (event_id) ORDER BY 1
                ON CONFLICT (user_id) DO UPDATE SET user_id = EXCLUDED.user_id
                RETURNING user_id, email
            ),
            letter AS (
                INSERT INTO notification (id, user_id, email, order_id, type, subject, body, created_at)
                SELECT input.letter_id, input.user_id, recipient.email, input.order_id, input.type, input.subject,
                       input.body, input.created_at
                FROM input JOIN inbox USING (event_id) JOIN recipient USING (user_id)
                ORDER BY input.order_id, input.type
                ON CONFLICT ON CONSTRAINT notification_order_type_uk DO NOTHING
                RETURNING id
            )
            SELECT inbox.event_id IS NOT NULL AS recorded, letter.id IS NOT NULL AS written, recipient.email
            FROM input
            LEFT JOIN inbox USING (event_id)
            LEFT JOIN letter ON letter.id = input.letter_id
            LEFT JOIN recipient ON recipient.user_id = input.user_id
            ORDER BY input.position
            """.formatted(Inbox.RECORD_ALL);

    /**
     * What the statement did for one letter.
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

    /**
     * @param inbox   the events' inbox records, written by the same statement (see {@link Inbox#RECORD_ALL})
     * @param letters one per event, in the order of the events
     * @return what was done for each letter, in their order
     */
    public Uni<List<Written>> writeAll(InboxBatch inbox, List<Notification> letters) {
        Tuple parameters = inbox.parameters()
                .addValue(letters.stream().map(Notification::userId).toArray(UUID[]::new))
                .addValue(letters.stream().map(Notification::id).toArray(UUID[]::new))
                .addValue(letters.stream().map(Notification::orderId).toArray(UUID[]::new))
                .addValue(letters.stream().map(letter -> letter.type().name()).toArray(String[]::new))
                .addValue(letters.stream().map(Notification::subject).toArray(String[]::new))
                .addValue(letters.stream().map(Notification::body).toArray(String[]::new))
                .addValue(letters.stream().map(letter -> letter.createdAt().atOffset(ZoneOffset.UTC))
                        .toArray(OffsetDateTime[]::new));
        return pool.preparedQuery(WRITE_ALL).execute(parameters).map(rows -> {
            List<Written> written = new ArrayList<>(letters.size());
            for (Row row : rows) {
                written.add(new Written(row.getBoolean("recorded"), row.getBoolean("written"),
                        row.getString("email")));
            }
            return written;
        });
    }
}
