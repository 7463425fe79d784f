package io.leadline.ingest.webhook;

import io.leadline.ingest.IngestProperties;
import io.leadline.platform.PlatformProperties;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Routes a delivery to the business it belongs to: by Meta phone number id, or by gateway instance name. */
@Component
public class Businesses {

    private final Map<String, String> byPhoneNumberId;
    private final Map<String, String> byInstance;
    private final PlatformProperties platform;

    public Businesses(PlatformProperties platform, IngestProperties ingest) {
        this.platform = platform;
        this.byPhoneNumberId = platform.businesses().stream()
                .filter(business -> business.metaPhoneNumberId() != null)
                .collect(Collectors.toUnmodifiableMap(PlatformProperties.Business::metaPhoneNumberId,
                        PlatformProperties.Business::id, (first, second) -> {
                            throw new IllegalStateException("two businesses share a Meta phone number id");
                        }));
        this.byInstance = ingest.gateway().instances();
    }

    public Optional<String> byPhoneNumberId(String phoneNumberId) {
        return Optional.ofNullable(phoneNumberId).map(byPhoneNumberId::get);
    }

    public Optional<String> byGatewayInstance(String instance) {
        if (instance == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byInstance.get(instance))
                .or(() -> platform.business(instance).map(PlatformProperties.Business::id));
    }
}
