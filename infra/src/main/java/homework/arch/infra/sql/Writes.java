package homework.arch.infra.sql;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Sends several writes of one transaction as ONE statement: each becomes a data-modifying CTE of it, so they cost
 * one round trip instead of one each. That matters where the transaction holds row locks across them: others wait
 * for those locks for every round trip (billing's command batches).
 * <p>
 * The writes of one statement see the database as it was before the statement (one snapshot): none may read what
 * another one writes, and no two may change the same row.
 */
public final class Writes {

    private static final Pattern PARAMETER = Pattern.compile("\\?(\\d+)");

    private Writes() {
    }

    /** Runs {@code writes} in the current session's transaction, in one round trip, and reports what each changed. */
    public static Uni<Void> together(List<Write> writes) {
        if (writes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> together(session, writes));
    }

    private static Uni<Void> together(Mutiny.Session session, List<Write> writes) {
        if (writes.size() == 1) {
            Write write = writes.get(0);
            return bind(session.createNativeQuery(write.sql()), write.parameters()).executeUpdate()
                    .invoke(rows -> write.affected().accept(rows)).replaceWithVoid();
        }
        StringBuilder sql = new StringBuilder("WITH ");
        StringBuilder counts = new StringBuilder(" SELECT ");
        List<Object> parameters = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            Write write = writes.get(i);
            sql.append(i == 0 ? "" : ", ").append('w').append(i).append(" AS (")
                    .append(renumbered(write.sql().strip(), parameters.size())).append(" RETURNING 1)");
            counts.append(i == 0 ? "" : ", ").append("(SELECT count(*) FROM w").append(i).append(')');
            parameters.addAll(write.parameters());
        }
        return bind(session.createNativeQuery(sql.append(counts).toString(), Object[].class), parameters)
                .getSingleResult()
                .invoke(rows -> {
                    for (int i = 0; i < writes.size(); i++) {
                        writes.get(i).affected().accept(((Number) rows[i]).longValue());
                    }
                })
                .replaceWithVoid();
    }

    private static <Q extends Mutiny.AbstractQuery> Q bind(Q query, List<Object> parameters) {
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
        return query;
    }

    /** {@code sql} with its parameters {@code ?k} numbered {@code ?(k + offset)}. */
    static String renumbered(String sql, int offset) {
        Matcher matcher = PARAMETER.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, "?" + (Integer.parseInt(matcher.group(1)) + offset));
        }
        return matcher.appendTail(out).toString();
    }
}
