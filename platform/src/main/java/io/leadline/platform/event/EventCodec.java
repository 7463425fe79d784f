package io.leadline.platform.event;

import io.leadline.contracts.LeadlineEvent;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Events as JSON bytes. Tolerant on reading, as the versioning rule needs: unknown fields are ignored and
 * an unknown enum value reads as null, so a producer one version ahead never breaks a consumer.
 */
public final class EventCodec {

    private final JsonMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    public byte[] encode(LeadlineEvent event) {
        return mapper.writeValueAsBytes(event);
    }

    /** Reads an event; throws {@link tools.jackson.core.JacksonException} when the bytes are not one. */
    public <T> T decode(byte[] json, Class<T> type) {
        if (json == null) {
            throw new IllegalArgumentException("the record has no value");
        }
        return mapper.readValue(json, type);
    }

    public JsonMapper mapper() {
        return mapper;
    }
}
