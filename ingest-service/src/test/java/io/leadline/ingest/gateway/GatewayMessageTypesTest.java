package io.leadline.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.contracts.Channel;
import io.leadline.contracts.ingest.DeliveryState;
import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.contracts.ingest.Location;
import io.leadline.ingest.Fixtures;
import io.leadline.ingest.webhook.ParsedWebhook;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Each message and status type of Evolution API and WAHA, from fixtures in their documented shapes. */
class GatewayMessageTypesTest {

    private final GatewayWebhookParser parser = new GatewayWebhookParser();

    private ParsedWebhook parse(String fixture) {
        ParsedWebhook parsed = parser.parse(Fixtures.tree("gateway/" + fixture), Fixtures.context());
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.archivedOnly()).isEmpty();
        return parsed;
    }

    private InboundMessageReceived message(String fixture) {
        ParsedWebhook parsed = parse(fixture);
        assertThat(parsed.statuses()).isEmpty();
        assertThat(parsed.messages()).hasSize(1);
        return parsed.messages().getFirst();
    }

    private DeliveryStatusReported status(String fixture) {
        ParsedWebhook parsed = parse(fixture);
        assertThat(parsed.messages()).isEmpty();
        assertThat(parsed.statuses()).hasSize(1);
        return parsed.statuses().getFirst();
    }

    @Test
    void anEvolutionImageKeepsItsCaptionAsTextAndItsMedia() {
        InboundMessageReceived image = message("evolution-image-caption.json");

        assertThat(image.messageType()).isEqualTo("image");
        assertThat(image.text()).isEqualTo("AC di kamar bocor kak");
        assertThat(image.media().id()).isEqualTo("/o1/v/t62.7118-24/f2/m233/AQN4-ac-bocor.enc?ccb=9-4");
        assertThat(image.media().mimeType()).isEqualTo("image/jpeg");
        assertThat(image.media().caption()).isEqualTo("AC di kamar bocor kak");
        assertThat(image.media().sha256()).isEqualTo("Xq1b0eM2y5l8kD4o9P3s7R1t6V0w2Z5c8F1h4J7n0QA=");
        assertThat(image.attributes()).containsEntry("media.url",
                "https://mmg.whatsapp.net/o1/v/t62.7118-24/f2/m233/AQN4-ac-bocor.enc?ccb=9-4");
        assertThat(image.profileName()).isEqualTo("Ayu");
        assertThat(image.sentAt()).isEqualTo(Instant.ofEpochSecond(1763720401));
        assertThat(image.partitionKey()).isEqualTo("demo-id:6281312345678");
    }

    @Test
    void anEvolutionDocumentWithCaptionIsUnwrappedAndKeepsItsFilename() {
        InboundMessageReceived document = message("evolution-document.json");

        assertThat(document.messageType()).isEqualTo("document");
        assertThat(document.providerMessageId()).isEqualTo("3EB0DD0C5E6F7A8B9C0D");
        assertThat(document.media().filename()).isEqualTo("denah-rumah.pdf");
        assertThat(document.media().mimeType()).isEqualTo("application/pdf");
        assertThat(document.text()).isEqualTo("Ini denah rumahnya");
        assertThat(document.sentAt()).isEqualTo(Instant.ofEpochSecond(1763720501));
    }

    @Test
    void anEvolutionLocationKeepsItsCoordinatesNameAndAddress() {
        InboundMessageReceived location = message("evolution-location.json");

        assertThat(location.messageType()).isEqualTo("location");
        assertThat(location.location()).isEqualTo(new Location(-6.2297465, 106.8295547, "Kota Kasablanka",
                "Jl. Casablanca Raya Kav. 88, Jakarta Selatan"));
        assertThat(location.text()).isEqualTo("Kota Kasablanka");
        assertThat(location.media()).isNull();
    }

    @Test
    void anEvolutionReactionPointsAtTheReactedMessageAndKeepsTheEmoji() {
        InboundMessageReceived reaction = message("evolution-reaction.json");

        assertThat(reaction.messageType()).isEqualTo("reaction");
        assertThat(reaction.replyToProviderMessageId()).isEqualTo("3EB0F00DFEEDBEEF0001");
        assertThat(reaction.attributes()).containsEntry("reaction.emoji", "\uD83D\uDE4F");
        assertThat(reaction.text()).isEqualTo("\uD83D\uDE4F");
        assertThat(reaction.fromBusiness()).isFalse();
    }

    @Test
    void aTextTheBusinessTypedOnItsOwnPhoneIsAnOutboundMessageOfTheCustomersConversation() {
        InboundMessageReceived typed = message("evolution-from-me-text.json");

        assertThat(typed.fromBusiness()).isTrue();
        assertThat(typed.text()).isEqualTo("Baik kak, teknisi kami datang Sabtu jam 9");
        assertThat(typed.from().phone()).isEqualTo("6281312345678");
        assertThat(typed.partitionKey()).isEqualTo("demo-id:6281312345678");
        assertThat(typed.profileName()).as("the push name is the business's own").isNull();
    }

    @Test
    void anOlderReleasesSenderPnGivesTheLinkedIdItsPhoneNumber() {
        InboundMessageReceived message = message("evolution-sender-pn.json");

        assertThat(message.from().lid()).isEqualTo("180149326516354@lid");
        assertThat(message.from().phone()).isEqualTo("6281312345678");
        assertThat(message.from().jid()).isEqualTo("6281312345678@s.whatsapp.net");
        assertThat(message.partitionKey()).isEqualTo("demo-id:6281312345678");
        assertThat(message.text()).isEqualTo("Halo, masih buka?");
    }

    @Test
    void aWahaMessageTheBusinessSentIsOutboundAndNamesTheCustomerNotTheBusiness() {
        InboundMessageReceived sent = message("waha-from-me.json");

        assertThat(sent.fromBusiness()).isTrue();
        assertThat(sent.businessId()).isEqualTo("demo-il");
        assertThat(sent.from().jid()).isEqualTo("972501234567@c.us");
        assertThat(sent.partitionKey()).isEqualTo("demo-il:972501234567");
        assertThat(sent.profileName()).isNull();
        assertThat(sent.text()).isEqualTo("Sunday 10:00 works, see you then");
        assertThat(sent.attributes()).containsEntry("gateway.event", "message.any").containsEntry("gateway", "waha")
                .containsEntry(InboundMessageReceived.GATEWAY_INSTANCE, "waha-tlv");
    }

    @Test
    void aWahaImageKeepsItsCaptionMimeTypeAndFileUrl() {
        InboundMessageReceived image = message("waha-image.json");

        assertThat(image.messageType()).isEqualTo("image");
        assertThat(image.text()).isEqualTo("The stain on the sofa");
        assertThat(image.media().mimeType()).isEqualTo("image/jpeg");
        assertThat(image.media().caption()).isEqualTo("The stain on the sofa");
        assertThat(image.media().id()).endsWith("3EB0D4C3B2A190817263.jpeg");
        assertThat(image.profileName()).isEqualTo("Noa");
        assertThat(image.sentAt()).isEqualTo(Instant.ofEpochSecond(1763721100));
    }

    @Test
    void aWahaLocationReadsItsCoordinatesFromText() {
        InboundMessageReceived location = message("waha-location.json");

        assertThat(location.messageType()).isEqualTo("location");
        assertThat(location.location().latitude()).isEqualTo(32.0752);
        assertThat(location.location().longitude()).isEqualTo(34.7752);
        assertThat(location.location().name()).isEqualTo("Dizengoff Center\nDizengoff St 50, Tel Aviv-Yafo");
        assertThat(location.partitionKey()).isEqualTo("demo-il:972501234567");
    }

    @Test
    void aFailedSendIsAFailedStatusForTheCustomerFromWahaAndFromEvolution() {
        DeliveryStatusReported waha = status("waha-ack-error.json");
        DeliveryStatusReported evolution = status("evolution-status-error.json");

        assertThat(waha.status()).isEqualTo(DeliveryState.FAILED);
        assertThat(waha.channel()).isEqualTo(Channel.GATEWAY);
        assertThat(waha.providerMessageId()).isEqualTo("true_972501234567@c.us_3EB0C0FFEE1234567890");
        assertThat(waha.recipientRef()).isEqualTo("972501234567");
        assertThat(waha.at()).isEqualTo(Instant.ofEpochSecond(1763721300));
        assertThat(evolution.status()).isEqualTo(DeliveryState.FAILED);
        assertThat(evolution.providerMessageId()).isEqualTo("3EB0F00DFEEDBEEF0042");
        assertThat(evolution.recipientRef()).isEqualTo("6281312345678");
        assertThat(evolution.businessId()).isEqualTo("demo-id");
    }
}
