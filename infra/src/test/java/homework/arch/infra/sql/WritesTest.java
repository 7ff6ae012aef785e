package homework.arch.infra.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WritesTest {

    @Test
    void aWritesParametersFollowThoseOfTheWritesBeforeIt() {
        assertThat(Writes.renumbered("UPDATE t SET a = ?1, b = ?2 WHERE c = ?1 AND d = ?10", 3))
                .isEqualTo("UPDATE t SET a = ?4, b = ?5 WHERE c = ?4 AND d = ?13");
    }

    @Test
    void theFirstWriteKeepsItsNumbers() {
        assertThat(Writes.renumbered("INSERT INTO t SELECT * FROM f(?1)", 0)).isEqualTo("INSERT INTO t SELECT * FROM f(?1)");
    }
}
