package homework.arch.notification.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import homework.arch.infra.problem.ProblemException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PageCursorTest {

    @Test
    void aCursorReadsBackAsThePositionItWasMadeFrom() {
        PageCursor cursor = new PageCursor(Instant.parse("2026-01-15T10:05:00.123456Z"), UUID.randomUUID());

        assertThat(PageCursor.decode(cursor.encode())).isEqualTo(cursor);
        assertThat(cursor.encode()).matches("[A-Za-z0-9_-]+");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "%%%", "MTIz", "MS4yLm5vdC1hLXV1aWQ", "eC55LjViMmYwYzFlLThkNGEtNGY2Yi1iM2MyLTllN2ExZDBmNGMyOA" })
    void anythingElseIsABadRequest(String cursor) {
        assertThatThrownBy(() -> PageCursor.decode(cursor))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().code()).isEqualTo("invalid_cursor");
                });
    }
}
