package io.leadline.localstack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compose stack's Prometheus configuration and alert rules, checked and unit-tested by promtool. */
class PrometheusConfigTest {

    private static final Path PROMETHEUS = Promtool.DOCKER.resolve("prometheus");

    @Test
    void theScrapeConfigurationIsValidAndLoadsTheAlertRules(@TempDir Path dir) throws Exception {
        // In the container the rules sit at /etc/prometheus; here they sit beside the copied configuration.
        String config = Files.readString(PROMETHEUS.resolve("prometheus.yml"))
                .replace("/etc/prometheus/alerts.yml", "alerts.yml");
        Files.writeString(dir.resolve("prometheus.yml"), config);
        Files.copy(PROMETHEUS.resolve("alerts.yml"), dir.resolve("alerts.yml"));

        Promtool.Result result = Promtool.run(dir, null, "check", "config", "prometheus.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("1 rule files found", "6 rules found");
    }

    @Test
    void everyAlertFiresOnTheSeriesThatShouldPageAndStaysQuietBefore() throws Exception {
        Promtool.Result result = Promtool.run(PROMETHEUS, null, "test", "rules", "alerts-test.yml");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertLinksToASectionOfTheRunbook() throws Exception {
        String alerts = Files.readString(PROMETHEUS.resolve("alerts.yml"));
        String runbook = Files.readString(Promtool.DOCKER.resolveSibling("docs").resolve("runbook.md"));
        // GitHub's anchors: the heading in lower case, punctuation dropped, spaces as hyphens.
        var anchors = Pattern.compile("(?m)^#{2,4} (.+)$").matcher(runbook).results()
                .map(heading -> heading.group(1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "")
                        .replace(' ', '-'))
                .toList();

        var links = Pattern.compile("runbook: docs/runbook.md#([a-z0-9-]+)").matcher(alerts).results()
                .map(match -> match.group(1)).toList();

        assertThat(links).hasSize(6);
        assertThat(anchors).containsAll(links);
    }
}
