package io.leadline.outbound;

import io.leadline.platform.LeadlineApplication;
import io.leadline.testkit.postgres.TestDatabase;
import io.leadline.testkit.whatsapp.WhatsAppSimulator;
import io.leadline.testkit.spring.TestInfrastructure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Real outbound-services, started the way their main method starts them, on a database that outlives them: what a
 * restart after a crash looks like. Each talks to its test's simulator over HTTP.
 */
public final class ServiceContexts {

    private ServiceContexts() {
    }

    /** Starts one on the database, with these settings over the tests' defaults. */
    public static ConfigurableApplicationContext start(TestDatabase database, WhatsAppSimulator simulator,
            Map<String, Object> overrides) {
        Map<String, Object> settings = new LinkedHashMap<>(
                TestInfrastructure.properties(database, "outbound-service." + database.name()));
        settings.put("server.port", 0);
        settings.put("LEADLINE_WHATSAPP_ACCESS_TOKEN", Simulator.ACCESS_TOKEN);
        settings.put("leadline.outbound.graph.base-url", simulator.baseUrl());
        settings.put("leadline.outbound.graph.connect-timeout", "500ms");
        settings.put("leadline.outbound.graph.read-timeout", "4s");
        settings.put("leadline.outbound.dispatcher.poll-interval", "100ms");
        settings.put("leadline.outbound.dispatcher.lease", "6s");
        settings.put("leadline.outbound.dispatcher.sweep-interval", "500ms");
        settings.put("leadline.outbound.dispatcher.shutdown-grace", "300ms");
        settings.putAll(overrides);
        List<String> args = new ArrayList<>();
        settings.forEach((key, value) -> args.add("--" + key + "=" + value));
        return LeadlineApplication.builder(OutboundApplication.class, OutboundApplication.NAME)
                .run(args.toArray(String[]::new));
    }

    /** A row's status read straight from the database, with no service running. */
    public static String status(TestDatabase database, long id) throws Exception {
        try (Connection connection = database.connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT status FROM outbound.outbound_message WHERE id = ?")) {
            query.setLong(1, id);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Every row's status and attempts, by id, read straight from the database. */
    public static Map<Long, String> statuses(TestDatabase database) throws Exception {
        Map<Long, String> statuses = new LinkedHashMap<>();
        try (Connection connection = database.connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT id, status, attempts FROM outbound.outbound_message ORDER BY id");
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                statuses.put(rs.getLong(1), rs.getString(2) + "/" + rs.getInt(3));
            }
        }
        return statuses;
    }
}
