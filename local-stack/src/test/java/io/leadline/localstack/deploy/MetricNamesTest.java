package io.leadline.localstack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The alerts and the dashboard watch metrics the code really registers: a renamed meter would otherwise leave an
 * alert that never fires and a panel that stays empty, silently. Prometheus names map back to Micrometer's dotted
 * names (suffixes {@code _total}, {@code _seconds…} dropped, underscores as dots).
 */
class MetricNamesTest {

    private static final Path ROOT = Promtool.DOCKER.getParent();
    private static final Pattern PROMETHEUS_NAME = Pattern.compile("\\bleadline_[a-z0-9_]+");

    @Test
    void everyLeadlineMetricTheAlertsAndTheDashboardUseIsRegisteredInTheCode() throws IOException {
        Set<String> used = new TreeSet<>();
        for (Path file : Set.of(Promtool.DOCKER.resolve("prometheus/alerts.yml"),
                Promtool.DOCKER.resolve("grafana/dashboards/leadline.json"))) {
            PROMETHEUS_NAME.matcher(Files.readString(file)).results().map(match -> dotted(match.group()))
                    .forEach(used::add);
        }
        String code = mainSources();

        assertThat(used).isNotEmpty();
        assertThat(used).allSatisfy(name -> assertThat(code).as("a meter named " + name).contains("\"" + name + "\""));
    }

    private static String dotted(String prometheusName) {
        return prometheusName.replaceFirst("_(seconds_bucket|seconds_count|seconds_sum|seconds_max|seconds|total)$", "")
                .replace('_', '.');
    }

    private static String mainSources() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(file -> file.toString().contains("/src/main/java/") && file.toString().endsWith(".java"))
                    .map(file -> {
                        try {
                            return Files.readString(file);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .collect(Collectors.joining("\n"));
        }
    }
}
