package io.leadline.localstack.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadline.testkit.postgres.TestDatabase;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docker/postgres/roles.sql on a real server: each service's role migrates its own schema (the service's and the
 * platform's migrations, as at start-up) and cannot read, write or create anything outside it.
 */
class DatabaseRolesIT {

    /** role → schema, as compose.yaml wires them. */
    private static final Map<String, String> SCHEMAS = Map.of("identity_service", "identity",
            "conversation_service", "conversation", "ai_orchestrator", "ai", "outbound_service", "outbound");

    private static TestDatabase database;

    @BeforeAll
    static void applyTheRolesScript() throws Exception {
        dropRoles();
        database = TestDatabase.create("roles");
        String script = Files.readString(Promtool.DOCKER.resolve("postgres").resolve("roles.sql"))
                .replace(":\"DBNAME\"", '"' + database.name() + '"');
        for (String role : SCHEMAS.keySet()) {
            script = script.replace(":'" + variable(role) + "'", "'" + password(role) + "'");
        }
        try (Connection admin = database.connect(); Statement statement = admin.createStatement()) {
            statement.execute(script);
        }
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

    private static String variable(String role) {
        return SCHEMAS.get(role) + "_password";
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
