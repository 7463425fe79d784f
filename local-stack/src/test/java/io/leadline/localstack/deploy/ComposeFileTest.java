package io.leadline.localstack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.localstack.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yaml.snakeyaml.Yaml;

/**
 * docker/compose.yaml checked against the code, since no Docker engine runs it here: every service is built from its
 * module's Dockerfile, exposes its port, and gets every setting its configuration requires without a default.
 */
class ComposeFileTest {

    /** {@code ${NAME}} with no {@code :default}: the service cannot start without it. */
    private static final Pattern REQUIRED = Pattern.compile("\\$\\{(LEADLINE_[A-Z0-9_]+)}");

    @ParameterizedTest
    @EnumSource(Service.class)
    @SuppressWarnings("unchecked")
    void everyServiceIsBuiltFromItsModuleAndGetsEverySettingItRequires(Service service) throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Promtool.DOCKER.resolve("compose.yaml")));
        var services = (Map<String, Map<String, Object>>) compose.get("services");
        Map<String, Object> entry = services.get(service.serviceName());
        assertThat(entry).as(service.serviceName() + " in compose.yaml").isNotNull();

        Path module = Promtool.DOCKER.resolve((String) entry.get("build")).normalize();
        assertThat(module.getFileName().toString()).isEqualTo(service.serviceName());
        String dockerfile = Files.readString(module.resolve("Dockerfile"));
        assertThat(dockerfile).contains("EXPOSE " + service.defaultPort(), "extract --layers");
        assertThat((Iterable<String>) entry.get("ports")).contains(service.defaultPort() + ":" + service.defaultPort());

        var environment = (Map<String, Object>) entry.get("environment");
        String configuration = Files.readString(module.resolve("src/main/resources/" + service.serviceName() + ".yml"));
        REQUIRED.matcher(configuration).results().map(match -> match.group(1)).forEach(name ->
                assertThat(environment).as(service.serviceName() + " needs " + name).containsKey(name));
    }
}
