package io.leadline.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadline.contracts.ingest.DeliveryState;
import io.leadline.testkit.whatsapp.MetaWebhooks;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class MetaWebhookParserTest {

    private final MetaWebhookParser parser = new MetaWebhookParser(JsonMapper.builder().build(),
            phoneNumberId -> "15550000001".equals(phoneNumberId) ? Optional.of("demo-id") : Optional.empty());

    @Test
    void aTextMessageBecomesOneInboundEventOfItsBusiness() {
        Instant sentAt = Instant.parse("2026-11-21T10:00:00Z");
        byte[] body = MetaWebhooks.textMessage("15550000001", "6281312345678", "Ayu", "wamid.1", "Halo", sentAt);

        ParsedWebhook parsed = parser.parse(body, "webhook-1", Instant.now());

        assertThat(parsed.messages()).singleElement().satisfies(message -> {
            assertThat(message.businessId()).isEqualTo("demo-id");
            assertThat(message.providerMessageId()).isEqualTo("wamid.1");
            assertThat(message.from().waId()).isEqualTo("6281312345678");
            assertThat(message.profileName()).isEqualTo("Ayu");
            assertThat(message.text()).isEqualTo("Halo");
            assertThat(message.sentAt()).isEqualTo(sentAt);
            assertThat(message.webhookId()).isEqualTo("webhook-1");
        });
    }

    @Test
    void everyEntryAndChangeIsRead() {
        String twoEntries = """
                {"object":"whatsapp_business_account","entry":[
                  {"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"15550000001"},
                    "messages":[{"from":"1","id":"wamid.a","timestamp":"1","type":"text","text":{"body":"a"}},
                                {"from":"1","id":"wamid.b","timestamp":"2","type":"text","text":{"body":"b"}}]}}]},
                  {"id":"2","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"15550000001"},
                    "statuses":[{"id":"wamid.c","status":"delivered","timestamp":"3","recipient_id":"1"}]}},
                                       {"field":"messages","value":{"metadata":{"phone_number_id":"999"},
                    "messages":[{"from":"2","id":"wamid.d","timestamp":"4","type":"text","text":{"body":"d"}}]}}]}]}""";

        ParsedWebhook parsed = parser.parse(twoEntries.getBytes(StandardCharsets.UTF_8), "w", Instant.now());

        assertThat(parsed.messages()).extracting(m -> m.providerMessageId()).containsExactly("wamid.a", "wamid.b");
        assertThat(parsed.statuses()).singleElement()
                .satisfies(status -> assertThat(status.status()).isEqualTo(DeliveryState.DELIVERED));
        assertThat(parsed.unrouted()).isEqualTo(1);
    }

    @Test
    void aBodyThatIsNotAWebhookIsRejectedAsMalformed() {
        assertThatThrownBy(() -> parser.parse("[1,2".getBytes(StandardCharsets.UTF_8), "w", Instant.now()))
                .isInstanceOf(WebhookRejected.class);
        assertThatThrownBy(() -> parser.parse("{\"object\":1}".getBytes(StandardCharsets.UTF_8), "w", Instant.now()))
                .isInstanceOf(WebhookRejected.class);
    }
}
