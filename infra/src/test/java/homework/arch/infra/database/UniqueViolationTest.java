package homework.arch.infra.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.hibernate.JDBCException;
import org.junit.jupiter.api.Test;

class UniqueViolationTest {

    @Test
    void aDuplicateKeyReportedByHibernateIsOneHoweverWrapped() {
        JDBCException duplicate = new JDBCException("insert", new SQLException("duplicate key", "23505"));

        assertThat(UniqueViolation.explains(duplicate)).isTrue();
        assertThat(UniqueViolation.explains(new CompletionException(duplicate))).isTrue();
    }

    @Test
    void otherConstraintsAndFailuresAreNot() {
        assertThat(UniqueViolation.explains(new JDBCException("insert", new SQLException("not null", "23502"))))
                .isFalse();
        assertThat(UniqueViolation.explains(new JDBCException("insert", new SQLException("deadlock", "40P01"))))
                .isFalse();
        assertThat(UniqueViolation.explains(new IllegalStateException("a bug"))).isFalse();
    }
}
