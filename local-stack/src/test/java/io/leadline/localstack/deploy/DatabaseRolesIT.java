package io.leadline.localstack.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.leadline.testkit.postgres.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docker/postgres/init-roles.sh, run with psql against a fresh database on a real server as the PostgreSQL image runs
 * it on first boot: it succeeds, each service's role migrates its own schema (the service's and the platform's
 * migrations, as at start-up) and cannot read, write or create anything outside it.
 */
class DatabaseRolesIT {

    private static final Path POSTGRES = Promtool.DOCKER.resolve("postgres");

    /** role → schema, as compose.yaml wires them. */
    private static final Map<String, String> SCHEMAS = Map.of("identity_service", "identity",
            "conversation_service", "conversation", "ai_orchestrator", "ai", "outbound_service", "outbound");

    /** schema → the variable compose.yaml passes the role's password in. */
    private static final Map<String, String> PASSWORD_VARIABLES = Map.of("identity", "IDENTITY_DB_PASSWORD",
            "conversation", "CONVERSATION_DB_PASSWORD", "ai", "AI_DB_PASSWORD", "outbound", "OUTBOUND_DB_PASSWORD");

    private static TestDatabase database;

    @BeforeAll
    static void runTheComposeInitScript() throws Exception {
        dropRoles();
        database = TestDatabase.create("roles");
        // The script exactly as the PostgreSQL image's entrypoint runs it on first boot, with its environment; only
        // the server address (libpq's PG* variables) and the path of roles.sql differ from the container.
        URI server = URI.create(database.url().substring("jdbc:".length()));
        ProcessBuilder init = new ProcessBuilder("sh", POSTGRES.resolve("init-roles.sh").toString())
                .redirectErrorStream(true);
        Map<String, String> environment = init.environment();
        environment.put("PATH", psqlDirectory() + File.pathSeparator + environment.getOrDefault("PATH", ""));
        environment.put("PGHOST", server.getHost());
        environment.put("PGPORT", Integer.toString(server.getPort() == -1 ? 5432 : server.getPort()));
        environment.put("PGPASSWORD", database.password() == null ? "" : database.password());
        environment.put("POSTGRES_USER", database.user());
        environment.put("POSTGRES_DB", database.name());
        environment.put("LEADLINE_ROLES_SQL", POSTGRES.resolve("roles.sql").toString());
        SCHEMAS.forEach((role, schema) -> environment.put(PASSWORD_VARIABLES.get(schema), password(role)));
        Process process = init.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("init-roles.sh finished").isTrue();
        assertThat(process.exitValue()).as("init-roles.sh on a fresh database:\n" + output).isZero();
    }

    @AfterAll
    static void dropTheRoles() throws SQLException {
        if (database != null) {
            database.close();
        }
        dropRoles();
    }

    @ParameterizedTest(name = "{0} migrates {1}")
    @CsvSource({"identity_service, identity", "conversation_service, conversation", "ai_orchestrator, ai",
            "outbound_service, outbound"})
    void eachServiceRoleMigratesItsOwnSchema(String role, String schema) throws SQLException {
        Flyway service = Flyway.configure().dataSource(database.url(), role, password(role)).schemas(schema)
                .locations("classpath:db/migration/" + schema).load();
        Flyway platform = Flyway.configure().configuration(service.getConfiguration())
                .table("platform_schema_history").locations("classpath:db/platform")
                .baselineOnMigrate(true).baselineVersion("0").load();

        assertThat(service.migrate().success).isTrue();
        assertThat(platform.migrate().success).isTrue();
        try (Connection connection = connectAs(role); Statement statement = connection.createStatement()) {
            statement.execute("SELECT count(*) FROM " + schema + ".outbox_event");
        }
    }

    @ParameterizedTest(name = "{0} cannot touch {1}")
    @CsvSource({"identity_service, conversation", "conversation_service, outbound", "ai_orchestrator, identity",
            "outbound_service, ai", "identity_service, public"})
    void noServiceRoleCanTouchAnotherSchema(String role, String otherSchema) throws SQLException {
        try (Connection connection = connectAs(role); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("CREATE TABLE " + otherSchema + ".intruder (id int)"))
                    .hasMessageContaining("permission denied");
            if (!otherSchema.equals("public")) {
                assertThatThrownBy(() -> statement.execute("SELECT 1 FROM " + otherSchema + ".anything"))
                        .hasMessageContaining("permission denied for schema " + otherSchema);
            }
        }
    }

    private static Connection connectAs(String role) throws SQLException {
        return DriverManager.getConnection(database.url(), role, password(role));
    }

    /** psql's folder: on the PATH, or where Debian's postgresql-client puts it. */
    private static String psqlDirectory() {
        List<String> candidates = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "")
                .split(File.pathSeparator)));
        candidates.add("/usr/bin");
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            versions.map(version -> version.resolve("bin").toString()).forEach(candidates::add);
        } catch (IOException noServerPackages) {
            // only the PATH then
        }
        return candidates.stream().filter(dir -> Files.isExecutable(Path.of(dir, "psql"))).findFirst()
                .orElseGet(() -> fail("psql is not installed: docker/postgres/init-roles.sh runs it "
                        + "(Debian: apt-get install postgresql-client)"));
    }

    private static String password(String role) {
        return "pw-" + role;
    }

    private static void dropRoles() throws SQLException {
        try (TestDatabase maintenance = TestDatabase.create("roles_cleanup");
             Connection admin = maintenance.connect(); Statement statement = admin.createStatement()) {
            for (String role : SCHEMAS.keySet()) {
                statement.execute("DROP ROLE IF EXISTS " + role);
            }
        }
    }
}
