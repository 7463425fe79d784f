package io.leadline.testkit.postgres;

/**
 * A PostgreSQL in a Testcontainers container, for machines with Docker and no local server. Kept apart so the
 * Testcontainers classes are loaded only when Docker is really there.
 */
final class ContainerPostgres {

    interface ServerFactory {
        PostgresServer create(String adminUrl, String user, String password);
    }

    private ContainerPostgres() {
    }

    static boolean dockerAvailable() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory");
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource")
    static PostgresServer start(ServerFactory factory) {
        var container = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:16-alpine")
                .withDatabaseName("postgres");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "postgres-container-stop"));
        return factory.create(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }
}
