package io.leadline.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testkit.whatsapp.MetaWebhooks;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HmacSignatureTest {

    private final byte[] body = "{\"object\":\"whatsapp_business_account\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignatureMadeTheWayMetaMakesItMatches() {
        assertThat(HmacSignature.matches(body, "secret", MetaWebhooks.signature(body, "secret"))).isTrue();
    }

    @Test
    void aSignatureOfOtherBytesOrWithAnotherSecretDoesNotMatch() {
        byte[] tampered = "{\"object\":\"whatsapp_business_accounT\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(HmacSignature.matches(tampered, "secret", MetaWebhooks.signature(body, "secret"))).isFalse();
        assertThat(HmacSignature.matches(body, "other", MetaWebhooks.signature(body, "secret"))).isFalse();
        assertThat(HmacSignature.matches(body, "secret", null)).isFalse();
        assertThat(HmacSignature.matches(body, "secret", "sha256=")).isFalse();
    }
}
