package io.leadline.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

class TestDatabaseTest {

    @Test
    void aTestDatabaseIsUsableAndGoneAfterClose() throws Exception {
        String name;
        try (TestDatabase database = TestDatabase.create("lifecycle")) {
            name = database.name();
            try (Connection connection = database.connect()) {
                connection.createStatement().execute("CREATE TABLE t (id int PRIMARY KEY)");
                connection.createStatement().execute("INSERT INTO t VALUES (1)");
            }
        }

        try (Connection admin = PostgresServer.get().connect("postgres");
                ResultSet rows = admin.createStatement()
                        .executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
    }
}
