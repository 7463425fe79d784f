package io.leadline.localstack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard shows what issue 9 asks an operator to watch, and every query on it is PromQL that
 * Prometheus accepts (promtool parses each one as a recording rule: Grafana would only say "no data").
 */
class DashboardTest {

    private static final JsonNode DASHBOARD = JsonMapper.builder().build()
            .readTree(Promtool.DOCKER.resolve("grafana/dashboards/leadline.json").toFile());

    @ParameterizedTest
    @ValueSource(strings = {
            // the three dedupe layers: webhook deliveries seen before, the message table, outbound dedupe keys
            "leadline_consumer_events_total{consumer=\"identity.inbound\",outcome=\"duplicate\"}",
            "leadline_messages_duplicates_total",
            "leadline_outbound_dedupe_collisions_total",
            "leadline_e2e_latency_seconds_bucket",
            "kafka_consumer_fetch_manager_records_lag_max",
            "leadline_consumer_events_total{outcome=\"dead_lettered\"}",
            "sum by (outcome) (rate(leadline_outbound_sends_total",
            "leadline_outbound_sends_total{outcome=\"unknown\"}",
            "leadline_outbound_rows",
            "leadline_identity_merges_total",
            "leadline_ai_fallbacks_total"})
    void aPanelShows(String query) {
        assertThat(expressions()).anySatisfy(expression -> assertThat(expression).contains(query));
    }

    @Test
    void everyQueryParses(@TempDir Path dir) throws Exception {
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int n = 0;
        for (String expression : expressions()) {
            rules.append("      - record: dashboard:query_").append(++n).append("\n        expr: '")
                    .append(expression.replace("'", "''")).append("'\n");
        }
        Files.writeString(dir.resolve("dashboard-rules.yml"), rules);

        Promtool.Result result = Promtool.run(dir, null, "check", "rules", "dashboard-rules.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + n + " rules found");
    }

    @Test
    void everyPanelReadsTheProvisionedPrometheus() throws Exception {
        String datasources = Files.readString(Promtool.DOCKER.resolve("grafana/provisioning/datasources/prometheus.yml"));

        assertThat(DASHBOARD.path("panels").values()).isNotEmpty().allSatisfy(panel ->
                assertThat(datasources).contains("uid: " + panel.path("datasource").path("uid").asString()));
    }

    private static List<String> expressions() {
        List<String> expressions = new ArrayList<>();
        DASHBOARD.path("panels").forEach(panel -> panel.path("targets")
                .forEach(target -> expressions.add(target.path("expr").asString())));
        return expressions;
    }
}
