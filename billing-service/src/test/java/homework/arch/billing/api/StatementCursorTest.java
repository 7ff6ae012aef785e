package homework.arch.billing.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import homework.arch.infra.problem.ProblemException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StatementCursorTest {

    private static final UUID USER = UUID.randomUUID();

    @Test
    void aCursorNamesThePlaceOfTheLastEntrySeen() {
        String cursor = StatementCursor.encode(USER, 42);

        assertThat(cursor).doesNotContain("42").matches("[A-Za-z0-9_-]+");
        assertThat(StatementCursor.decode(USER, cursor)).isEqualTo(42);
        assertThat(StatementCursor.decode(USER, null)).isNull();
    }

    @Test
    void foreignOrDamagedCursorsAreRefused() {
        for (String cursor : new String[] { "", "%%%", "djE6", StatementCursor.encode(UUID.randomUUID(), 42),
                StatementCursor.encode(USER, 42).substring(1) }) {
            assertThatThrownBy(() -> StatementCursor.decode(USER, cursor)).as(cursor)
                    .isInstanceOfSatisfying(ProblemException.class,
                            e -> assertThat(e.problem().code()).isEqualTo("invalid_cursor"));
        }
    }

    @Test
    void theLimitIsFiftyByDefaultAndAtMostFiveHundred() {
        assertThat(StatementCursor.limit(null)).isEqualTo(50);
        assertThat(StatementCursor.limit("1")).isEqualTo(1);
        assertThat(StatementCursor.limit("500")).isEqualTo(500);
        for (String limit : new String[] { "0", "501", "-1", "ten", "", "1.5", "99999999999" }) {
            assertThatThrownBy(() -> StatementCursor.limit(limit)).as(limit)
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.problem().code()).isEqualTo("validation_failed");
                        assertThat(e.problem().violations()).extracting("field").containsExactly("limit");
                    });
        }
    }
}
