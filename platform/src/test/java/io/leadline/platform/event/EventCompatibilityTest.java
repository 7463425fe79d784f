package io.leadline.platform.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.contracts.EventTypes;
import io.leadline.contracts.LeadlineEvent;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The versioning rule, checked: each event type has a golden v1 sample, and today's code reads it and writes it
 * back without losing a field. Removing, renaming or retyping a field fails here; adding an optional one does not.
 */
class EventCompatibilityTest {

    private final EventCodec codec = new EventCodec();

    static Stream<Class<? extends LeadlineEvent>> eventTypes() {
        return EventTypes.all().stream();
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void theGoldenV1SampleStillReadsAndWritesBackUnchanged(Class<? extends LeadlineEvent> type) throws IOException {
        JsonNode golden = golden(type);

        LeadlineEvent decoded = codec.decode(codec.mapper().writeValueAsBytes(golden), type);
        JsonNode reencoded = codec.mapper().readTree(codec.encode(decoded));

        assertThat(reencoded).isEqualTo(golden);
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void aFieldFromANewerProducerIsIgnored(Class<? extends LeadlineEvent> type) throws IOException {
        ObjectNode newer = ((ObjectNode) golden(type)).put("fieldFromTheFuture", "ignored");

        LeadlineEvent decoded = codec.decode(codec.mapper().writeValueAsBytes(newer), type);

        assertThat(codec.mapper().readTree(codec.encode(decoded))).isEqualTo(golden(type));
    }

    @Test
    void everySampleMatchesItsGoldenFile() throws IOException {
        for (LeadlineEvent sample : SampleEvents.all()) {
            assertThat(codec.mapper().readTree(codec.encode(sample)))
                    .as(EventTypes.nameOf(sample.getClass()))
                    .isEqualTo(golden(sample.getClass()));
        }
        assertThat(SampleEvents.all()).extracting(Object::getClass)
                .containsExactlyInAnyOrderElementsOf(EventTypes.all());
    }

    private JsonNode golden(Class<? extends LeadlineEvent> type) throws IOException {
        String path = "/events/v1/" + EventTypes.nameOf(type) + ".json";
        try (InputStream in = getClass().getResourceAsStream(path)) {
            assertThat(in).as("golden sample " + path).isNotNull();
            return codec.mapper().readTree(in);
        }
    }
}
