package io.leadline.ingest.kapso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadline.contracts.Channel;
import io.leadline.contracts.ingest.DeliveryState;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.contracts.ingest.Location;
import io.leadline.contracts.ingest.Media;
import io.leadline.ingest.Fixtures;
import io.leadline.ingest.webhook.ParsedWebhook;
import io.leadline.ingest.webhook.UnparseableWebhook;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KapsoWebhookParserTest {

    private final KapsoWebhookParser parser = new KapsoWebhookParser();

    private ParsedWebhook parse(String fixture, String event) {
        return parser.parse(Fixtures.tree("kapso/" + fixture), Fixtures.context(Map.of(
                "x-webhook-event", event, "x-idempotency-key", "idem-" + fixture, "x-webhook-payload-version", "v2")));
    }

    @Test
    void aReceivedMessageBecomesAnInboundEventWithTheConversationsIdentifiers() {
        ParsedWebhook parsed = parse("message-received.json", "whatsapp.message.received");

        assertThat(parsed.messages()).singleElement().satisfies(message -> {
            assertThat(message.businessId()).isEqualTo("demo-id");
            assertThat(message.channel()).isEqualTo(Channel.KAPSO);
            assertThat(message.providerMessageId()).isEqualTo("wamid.HBgNNjI4MTMxMjM0NTY3OBUCABIYIDNBQ0E");
            assertThat(message.from().waId()).isEqualTo("6281312345678");
            assertThat(message.from().phone()).isEqualTo("+6281312345678");
            assertThat(message.from().bsuid()).isEqualTo("ID.1234567890123456");
            assertThat(message.profileName()).isEqualTo("Ayu Lestari");
            assertThat(message.text()).isEqualTo("Halo, jadwal minggu depan kosong?");
            assertThat(message.replyToProviderMessageId()).isEqualTo("wamid.kapso-question");
            assertThat(message.providerConversationId()).isEqualTo("conv_7f1e2d3c");
            assertThat(message.sentAt()).isEqualTo(Instant.ofEpochSecond(1763719600));
            assertThat(message.attributes()).containsEntry("kapso.idempotencyKey", "idem-message-received.json")
                    .containsEntry("kapso.origin", "cloud_api");
        });
    }

    @Test
    void aBatchGivesOneEventPerMessageAndACustomerWithoutPhoneIsKnownByTheBusinessScopedUserId() {
        ParsedWebhook parsed = parser.parse(Fixtures.tree("kapso/batch-received.json"), Fixtures.context());

        assertThat(parsed.messages()).extracting(InboundMessageReceived::providerMessageId)
                .containsExactly("wamid.kapso-b1", "wamid.kapso-b2", "wamid.kapso-b3");
        InboundMessageReceived voice = parsed.messages().get(1);
        assertThat(voice.media().id()).isEqualTo("2044445556667");
        assertThat(voice.text()).isEqualTo("[Audio] mau tanya soal AC");
        assertThat(voice.attributes()).containsEntry("kapso.transcript", "mau tanya soal AC")
                .containsEntry("kapso.batchIndex", "1");
        InboundMessageReceived noPhone = parsed.messages().get(2);
        assertThat(noPhone.from().waId()).isNull();
        assertThat(noPhone.from().phone()).isNull();
        assertThat(noPhone.from().bsuid()).isEqualTo("ID.5566778899001122");
        assertThat(noPhone.from().parentBsuid()).isEqualTo("ID.P.1122");
        assertThat(noPhone.from().username()).isEqualTo("budi.s");
        assertThat(noPhone.partitionKey()).isEqualTo("demo-id:ID.5566778899001122");
    }

    @Test
    void deliveredAndFailedEventsBecomeStatusesWithTheirTimeAndErrors() {
        ParsedWebhook delivered = parse("message-delivered.json", "whatsapp.message.delivered");
        ParsedWebhook failed = parse("message-failed.json", "whatsapp.message.failed");

        assertThat(delivered.messages()).isEmpty();
        assertThat(delivered.statuses()).singleElement().satisfies(status -> {
            assertThat(status.status()).isEqualTo(DeliveryState.DELIVERED);
            assertThat(status.providerMessageId()).isEqualTo("wamid.kapso-out1");
            assertThat(status.recipientRef()).isEqualTo("6281312345678");
            assertThat(status.at()).isEqualTo(Instant.ofEpochSecond(1763719702));
            assertThat(status.pricingCategory()).isEqualTo("service");
        });
        assertThat(failed.statuses()).singleElement().satisfies(status -> {
            assertThat(status.status()).isEqualTo(DeliveryState.FAILED);
            assertThat(status.errors()).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo(131026));
        });
    }

    @Test
    void anImageAndADocumentKeepTheirMediaAndADocumentWithoutCaptionReadsAsKapsosContent() {
        InboundMessageReceived image = received("image-received.json");
        InboundMessageReceived document = received("document-received.json");

        assertThat(image.messageType()).isEqualTo("image");
        assertThat(image.media()).isEqualTo(new Media("1122334455667788", "image/jpeg", "Ini AC yang bocor", null,
                "u7Wc0o0Fh0l9b0b2mC0I2l8m9Kq6k3W4b8t2n5c1p0E="));
        assertThat(image.text()).isEqualTo("Ini AC yang bocor");
        assertThat(image.profileName()).isEqualTo("Ayu Lestari");
        assertThat(image.sentAt()).isEqualTo(Instant.ofEpochSecond(1763719900));
        assertThat(image.attributes()).containsEntry("kapso.mediaUrl", "https://api.kapso.ai/media/1122334455667788");
        assertThat(document.messageType()).isEqualTo("document");
        assertThat(document.media()).isEqualTo(new Media("2233445566778899", "application/pdf", null,
                "denah-kantor.pdf", "q2Zk8x1T9rV0a4c3nJ6y0Wm3s8e2L5d7h1f4K9b0p2A="));
        assertThat(document.text()).isEqualTo("[Document] denah-kantor.pdf");
        assertThat(document.partitionKey()).isEqualTo("demo-id:6281312345678");
    }

    @Test
    void aLocationKeepsItsCoordinatesNameAndAddress() {
        InboundMessageReceived location = received("location-received.json");

        assertThat(location.messageType()).isEqualTo("location");
        assertThat(location.location()).isEqualTo(new Location(-6.1753924, 106.8271528, "Monas",
                "Gambir, Jakarta Pusat, DKI Jakarta"));
        assertThat(location.text()).isEqualTo("Monas");
        assertThat(location.media()).isNull();
        assertThat(location.providerMessageId()).isEqualTo("wamid.kapso-location1");
    }

    @Test
    void anInteractiveReplyCarriesTheChosenTitleIdAndTheQuestionItAnswers() {
        InboundMessageReceived reply = received("interactive-received.json");

        assertThat(reply.messageType()).isEqualTo("interactive");
        assertThat(reply.text()).isEqualTo("Deep cleaning");
        assertThat(reply.attributes()).containsEntry("interactive.type", "list_reply")
                .containsEntry("interactive.id", "svc-deep-clean")
                .containsEntry("interactive.description", "3 jam, 2 petugas");
        assertThat(reply.replyToProviderMessageId()).isEqualTo("wamid.kapso-service-list");
        assertThat(reply.providerConversationId()).isEqualTo("conv_7f1e2d3c");
    }

    @Test
    void aReadEventIsAReadStatusAtTheTimeOfTheLatestKapsoStatus() {
        ParsedWebhook read = parse("message-read.json", "whatsapp.message.read");

        assertThat(read.messages()).isEmpty();
        assertThat(read.statuses()).singleElement().satisfies(status -> {
            assertThat(status.businessId()).isEqualTo("demo-id");
            assertThat(status.channel()).isEqualTo(Channel.KAPSO);
            assertThat(status.status()).isEqualTo(DeliveryState.READ);
            assertThat(status.providerMessageId()).isEqualTo("wamid.kapso-out3");
            assertThat(status.recipientRef()).isEqualTo("6281312345678");
            assertThat(status.at()).isEqualTo(Instant.ofEpochSecond(1763719987));
            assertThat(status.errors()).isEmpty();
            assertThat(status.partitionKey()).isEqualTo("demo-id:6281312345678");
        });
    }

    private InboundMessageReceived received(String fixture) {
        ParsedWebhook parsed = parse(fixture, KapsoWebhookParser.RECEIVED);
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.statuses()).isEmpty();
        assertThat(parsed.messages()).hasSize(1);
        return parsed.messages().getFirst();
    }

    @Test
    void conversationEventsAreArchivedOnlyAndAVersionOnePayloadIsUnparseable() {
        ParsedWebhook lifecycle = parse("message-received.json", "whatsapp.conversation.created");

        assertThat(lifecycle.eventCount()).isZero();
        assertThat(lifecycle.problems()).isEmpty();
        assertThatThrownBy(() -> parser.parse(Fixtures.JSON.readTree("{\"whatsapp_config\":{},\"message\":{}}"),
                Fixtures.context())).isInstanceOf(UnparseableWebhook.class);
        assertThatThrownBy(() -> parser.parse(Fixtures.JSON.readTree("{\"batch\":true,\"data\":{}}"),
                Fixtures.context())).isInstanceOf(UnparseableWebhook.class);
    }
}
