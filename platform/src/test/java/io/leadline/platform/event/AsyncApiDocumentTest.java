package io.leadline.platform.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.contracts.EventTypes;
import io.leadline.contracts.LeadlineEvent;
import io.leadline.contracts.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/asyncapi.yaml is what the contracts say today. After changing an event, regenerate it with
 * {@code ./mvnw -pl platform -am verify -Dtest=AsyncApiDocumentTest -Dleadline.asyncapi.write=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class AsyncApiDocumentTest {

    private static final Path FILE = Path.of("..", "docs", "asyncapi.yaml");

    private final EventCodec codec = new EventCodec();
    private final Map<String, Object> document = new AsyncApiDocument(this::sample).build();

    @Test
    void theCommittedDocumentIsTheOneTheContractsDescribe() throws IOException {
        String generated = yaml().dump(document);
        if (Boolean.getBoolean("leadline.asyncapi.write")) {
            Files.writeString(FILE, generated);
        }

        assertThat(Files.readString(FILE)).as("docs/asyncapi.yaml is stale: regenerate it (see this test's javadoc)")
                .isEqualTo(generated);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyTopicIsAChannelAndEveryEventAMessageOfItsTopic() {
        var channels = (Map<String, Map<String, Object>>) document.get("channels");
        var addresses = channels.values().stream().map(channel -> channel.get("address")).toList();
        assertThat(addresses).containsAll(Topics.ALL);

        var messages = (Map<String, Object>) ((Map<String, Object>) document.get("components")).get("messages");
        for (Class<? extends LeadlineEvent> type : EventTypes.all()) {
            assertThat(messages).containsKey(type.getSimpleName());
            var channel = channels.values().stream()
                    .filter(candidate -> EventTypes.topicOf(type).equals(candidate.get("address"))).findFirst()
                    .orElseThrow();
            assertThat((Map<String, Object>) channel.get("messages")).containsKey(type.getSimpleName());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyFieldOfEverySampleEventIsDescribedByItsSchema() {
        var components = (Map<String, Object>) document.get("components");
        var schemas = (Map<String, Map<String, Object>>) components.get("schemas");
        for (Class<? extends LeadlineEvent> type : EventTypes.all()) {
            assertDescribed(sample(type), schemas.get(type.getSimpleName()), schemas, type.getSimpleName());
        }
    }

    @SuppressWarnings("unchecked")
    private static void assertDescribed(Object value, Map<String, Object> schema,
                                        Map<String, Map<String, Object>> schemas, String path) {
        if (schema.containsKey("$ref")) {
            String name = ((String) schema.get("$ref")).substring("#/components/schemas/".length());
            assertDescribed(value, schemas.get(name), schemas, path);
        } else if (value instanceof Map<?, ?> object && "object".equals(schema.get("type"))) {
            var properties = (Map<String, Map<String, Object>>) schema.get("properties");
            for (var field : object.entrySet()) {
                String fieldPath = path + "." + field.getKey();
                Map<String, Object> fieldSchema = properties == null
                        ? (Map<String, Object>) schema.get("additionalProperties")
                        : properties.get((String) field.getKey());
                assertThat(fieldSchema).as(fieldPath + " has a schema").isNotNull();
                assertDescribed(field.getValue(), fieldSchema, schemas, fieldPath);
            }
        } else if (value instanceof List<?> list && "array".equals(schema.get("type"))) {
            list.forEach(item -> assertDescribed(item, (Map<String, Object>) schema.get("items"), schemas, path + "[]"));
        }
    }

    @SuppressWarnings("unchecked")
    private Object sample(Class<? extends LeadlineEvent> type) {
        LeadlineEvent event = SampleEvents.all().stream().filter(type::isInstance).findFirst().orElseThrow();
        return codec.mapper().readValue(codec.encode(event), Map.class);
    }

    private static Yaml yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(120);
        options.setSplitLines(true);
        return new Yaml(options);
    }
}
