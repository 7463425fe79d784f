package io.leadline.testkit.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/** A database made for one test class, dropped (connections and all) when closed. */
public final class TestDatabase implements AutoCloseable {

    private final PostgresServer server;
    private final String name;
    private final String url;
    private final String user;
    private final String password;

    TestDatabase(PostgresServer server, String name, String url, String user, String password) {
        this.server = server;
        this.name = name;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public static TestDatabase create(String purpose) {
        return PostgresServer.get().createDatabase(purpose);
    }

    public String name() {
        return name;
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Connection connect() throws SQLException {
        return server.connect(name);
    }

    @Override
    public void close() {
        server.dropDatabase(name);
    }
}
