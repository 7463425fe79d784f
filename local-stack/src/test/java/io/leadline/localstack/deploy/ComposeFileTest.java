package io.leadline.localstack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.localstack.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.yaml.snakeyaml.Yaml;

/**
 * docker/compose.yaml checked against the code, since no Docker engine runs it here: every service is built from its
 * module's Dockerfile, exposes its port, and gets every setting its configuration requires without a default and
 * every address whose default is the loopback (in a container that is the container itself); the infrastructure
 * services exist and every file they mount is in the repository.
 */
class ComposeFileTest {

    /** {@code ${NAME}} with no {@code :default}: the service cannot start without it. */
    private static final Pattern REQUIRED = Pattern.compile("\\$\\{(LEADLINE_[A-Z0-9_]+)}");
    /** {@code ${NAME:…127.0.0.1…}}: right on a laptop, wrong in a container. */
    private static final Pattern LOOPBACK_DEFAULT = Pattern.compile(
            "\\$\\{(LEADLINE_[A-Z0-9_]+):[^}]*(127\\.0\\.0\\.1|localhost)[^}]*}");
    private static final Path PLATFORM_DEFAULTS = Promtool.DOCKER.resolveSibling("platform")
            .resolve("src/main/resources/leadline-platform-defaults.yml");

    @ParameterizedTest
    @EnumSource(Service.class)
    void everyServiceIsBuiltFromItsModuleAndGetsEverySettingItRequires(Service service) throws IOException {
        Map<String, Object> entry = service(service.serviceName());

        Path module = Promtool.DOCKER.resolve((String) entry.get("build")).normalize();
        assertThat(module.getFileName().toString()).isEqualTo(service.serviceName());
        String dockerfile = Files.readString(module.resolve("Dockerfile"));
        assertThat(dockerfile).contains("EXPOSE " + service.defaultPort(), "extract --layers");
        assertThat(list(entry, "ports")).contains(service.defaultPort() + ":" + service.defaultPort());

        Map<String, Object> environment = map(entry, "environment");
        String configuration = Files.readString(module.resolve("src/main/resources/" + service.serviceName() + ".yml"))
                + Files.readString(PLATFORM_DEFAULTS);
        REQUIRED.matcher(configuration).results().map(match -> match.group(1)).forEach(name ->
                assertThat(environment).as(service.serviceName() + " needs " + name).containsKey(name));
        LOOPBACK_DEFAULT.matcher(configuration).results().map(match -> match.group(1)).forEach(name ->
                assertThat(environment).as(service.serviceName() + " must not keep the loopback default of " + name)
                        .containsKey(name));
    }

    @ParameterizedTest
    @CsvSource({"LEADLINE_INGEST_URL, http://ingest-service:8081", "LEADLINE_OUTBOUND_URL, http://outbound-service:8085"})
    void theConversationServiceReachesTheOtherServicesByTheirComposeNames(String variable, String url) {
        assertThat(map(service("conversation-service"), "environment")).containsEntry(variable, url);
    }

    @ParameterizedTest
    @CsvSource({"kafka, apache/kafka:", "postgres, postgres:", "prometheus, prom/prometheus:", "grafana, grafana/grafana:"})
    void theInfrastructureRunsFromItsImageWithEveryMountedFileInTheRepository(String name, String image) {
        Map<String, Object> entry = service(name);

        assertThat((String) entry.get("image")).startsWith(image);
        assertThat(entry).containsKey("volumes");
        List<String> mounts = list(entry, "volumes").stream().filter(volume -> volume.startsWith("./")).toList();
        if (!name.equals("kafka")) {
            assertThat(mounts).as(name + " mounts its configuration from docker/").isNotEmpty();
        }
        mounts.forEach(mount -> assertThat(Promtool.DOCKER.resolve(mount.substring(0, mount.indexOf(':'))))
                .as(name + " mounts " + mount).exists());
    }

    @ParameterizedTest
    @CsvSource({"postgres, ./postgres/init-roles.sh, /docker-entrypoint-initdb.d/10-init-roles.sh",
            "postgres, ./postgres/roles.sql, /docker-entrypoint-initdb.d/roles.sql.in",
            "prometheus, ./prometheus/prometheus.yml, /etc/prometheus/prometheus.yml",
            "prometheus, ./prometheus/alerts.yml, /etc/prometheus/alerts.yml",
            "grafana, ./grafana/provisioning, /etc/grafana/provisioning",
            "grafana, ./grafana/dashboards, /var/lib/grafana/dashboards"})
    void eachConfigurationFileIsMountedWhereItsReaderLooks(String name, String file, String target) {
        assertThat(list(service(name), "volumes")).anySatisfy(volume -> assertThat(volume).startsWith(file + ":" + target));
        assertThat(Promtool.DOCKER.resolve(file)).exists();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) {
        try {
            Map<String, Object> compose = new Yaml().load(Files.readString(Promtool.DOCKER.resolve("compose.yaml")));
            Map<String, Object> entry = ((Map<String, Map<String, Object>>) compose.get("services")).get(name);
            assertThat(entry).as(name + " in compose.yaml").isNotNull();
            return entry;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> entry, String key) {
        return (Map<String, Object>) entry.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Map<String, Object> entry, String key) {
        return (List<String>) entry.get(key);
    }
}
