package homework.arch.infra.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * One set-based INSERT, UPDATE or DELETE, with positional parameters {@code ?1 … ?n} and without a RETURNING clause,
 * that {@link Writes#together} sends in one statement with others of the same transaction.
 *
 * @param affected given the number of rows the write changed, e.g. to fail the transaction when it is not what the
 *        caller expected
 */
public record Write(String sql, List<Object> parameters, LongConsumer affected) {

    public Write(String sql, List<Object> parameters) {
        this(sql, parameters, rows -> {
        });
    }

    public Write {
        parameters = Collections.unmodifiableList(new ArrayList<>(parameters)); // a parameter may be null
    }
}
