package io.leadline.testkit.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server tests create their databases on. In order of preference:
 * <ol>
 *   <li>{@code LEADLINE_TEST_DB_URL} (a JDBC URL of the server's maintenance database, e.g.
 *       {@code jdbc:postgresql://127.0.0.1:5432/postgres}), with {@code LEADLINE_TEST_DB_USER} and
 *       {@code LEADLINE_TEST_DB_PASSWORD};</li>
 *   <li>the local server on 127.0.0.1:5432 as user {@code postgres};</li>
 *   <li>a Testcontainers PostgreSQL, where Docker is available.</li>
 * </ol>
 */
public final class PostgresServer {

    static final String PREFIX = "leadline_test_";
    private static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static PostgresServer instance;

    private final String adminUrl;
    private final String user;
    private final String password;

    private PostgresServer(String adminUrl, String user, String password) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
    }

    public static synchronized PostgresServer get() {
        if (instance == null) {
            instance = locate();
            instance.dropDatabasesOfDeadRuns();
        }
        return instance;
    }

    private static PostgresServer locate() {
        String url = System.getenv("LEADLINE_TEST_DB_URL");
        String user = envOr("LEADLINE_TEST_DB_USER", "postgres");
        String password = envOr("LEADLINE_TEST_DB_PASSWORD", "");
        if (url != null && !url.isBlank()) {
            return new PostgresServer(url, user, password);
        }
        PostgresServer local = new PostgresServer(LOCAL_URL, user, password);
        SQLException localFailure = local.probe();
        if (localFailure == null) {
            return local;
        }
        if (ContainerPostgres.dockerAvailable()) {
            return ContainerPostgres.start((containerUrl, containerUser, containerPassword) ->
                    new PostgresServer(containerUrl, containerUser, containerPassword));
        }
        throw new IllegalStateException("No PostgreSQL for the tests: 127.0.0.1:5432 refused (" + localFailure.getMessage()
                + ") and Docker is not available. Start the local server (pg_ctlcluster --skip-systemctl-redirect "
                + "$(ls /etc/postgresql) main start) or set LEADLINE_TEST_DB_URL.");
    }

    /** Creates an empty database for one test class; its name says which process and class made it. */
    public TestDatabase createDatabase(String purpose) {
        String name = (PREFIX + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet() + "_"
                + purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_"));
        name = name.length() > 63 ? name.substring(0, 63) : name;
        execute("CREATE DATABASE " + name);
        return new TestDatabase(this, name, databaseUrl(name), user, password);
    }

    void dropDatabase(String name) {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** A JDBC URL for another database on this server. */
    public String databaseUrl(String database) {
        int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = adminUrl.indexOf('?', slash);
        return adminUrl.substring(0, slash + 1) + database + (query < 0 ? "" : adminUrl.substring(query));
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(databaseUrl(database), user, password);
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    private SQLException probe() {
        try (Connection ignored = DriverManager.getConnection(adminUrl, user, password)) {
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    /** Databases left by test JVMs that were killed before they could drop them. */
    private void dropDatabasesOfDeadRuns() {
        List<String> stale = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT datname FROM pg_database WHERE datname LIKE '" + PREFIX + "%'")) {
            while (rows.next()) {
                String name = rows.getString(1);
                String[] parts = name.substring(PREFIX.length()).split("_", 2);
                boolean alive = parts[0].matches("\\d+")
                        && ProcessHandle.of(Long.parseLong(parts[0])).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) {
                    stale.add(name);
                }
            }
        } catch (SQLException e) {
            return;
        }
        stale.forEach(name -> {
            try {
                dropDatabase(name);
            } catch (RuntimeException ignored) {
                // another run may be dropping it at the same moment
            }
        });
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + adminUrl + ": " + e.getMessage(), e);
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
