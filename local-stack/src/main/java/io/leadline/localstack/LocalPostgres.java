package io.leadline.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Makes sure the database the stack uses exists: starts the local server if it is installed but stopped. */
final class LocalPostgres {

    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^/:]+)(?::(\\d+))?/([^?]+)(\\?.*)?");

    private LocalPostgres() {
    }

    static void ensureDatabase(String url, String user, String password) {
        Matcher matcher = URL.matcher(url);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
        }
        String host = matcher.group(1);
        String database = matcher.group(3);
        String maintenance = url.replaceFirst("/" + Pattern.quote(database) + "(\\?|$)", "/postgres$1");
        if (!reachable(maintenance, user, password) && isLocal(host)) {
            startLocalCluster();
            awaitReachable(maintenance, user, password, Duration.ofSeconds(30));
        }
        try (Connection connection = DriverManager.getConnection(maintenance, user, password)) {
            boolean exists;
            try (var statement = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                statement.setString(1, database);
                exists = statement.executeQuery().next();
            }
            if (!exists) {
                connection.createStatement().execute("CREATE DATABASE \"" + database.replace("\"", "") + "\"");
                System.out.println("Created database " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + maintenance + " is not usable: " + e.getMessage()
                    + ". Start it, or point LEADLINE_DB_URL at one.", e);
        }
    }

    private static void startLocalCluster() {
        Path clusters = Path.of("/etc/postgresql");
        if (!Files.isDirectory(clusters)) {
            return;
        }
        try (var versions = Files.list(clusters)) {
            List<String> installed = versions.map(path -> path.getFileName().toString()).sorted().toList();
            if (installed.isEmpty()) {
                return;
            }
            String version = installed.getLast();
            System.out.println("Starting the local PostgreSQL " + version + " cluster");
            new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start")
                    .inheritIO().start().waitFor();
        } catch (IOException e) {
            System.out.println("Could not start PostgreSQL with pg_ctlcluster: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitReachable(String url, String user, String password, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reachable(url, user, password) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean reachable(String url, String user, String password) {
        try (Connection ignored = DriverManager.getConnection(url, user, password)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean isLocal(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
    }
}
