package io.leadline.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadline.contracts.Channel;
import io.leadline.contracts.ingest.DeliveryState;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.ingest.Fixtures;
import io.leadline.ingest.webhook.ParsedWebhook;
import io.leadline.ingest.webhook.UnparseableWebhook;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class GatewayWebhookParserTest {

    private final GatewayWebhookParser parser = new GatewayWebhookParser();

    private ParsedWebhook parse(String fixture) {
        return parser.parse(Fixtures.tree("gateway/" + fixture), Fixtures.context());
    }

    @Test
    void anEvolutionMessageFromALinkedIdCarriesBothFormsOfThePersonKeyedByThePhoneAndItsInstance() {
        InboundMessageReceived message = parse("evolution-lid-text.json").messages().getFirst();

        assertThat(message.businessId()).isEqualTo("demo-id");
        assertThat(message.channel()).isEqualTo(Channel.GATEWAY);
        assertThat(message.providerMessageId()).isEqualTo("3EB0C431C26A1916E07E");
        assertThat(message.from().lid()).isEqualTo("180149326516354@lid");
        assertThat(message.from().phone()).isEqualTo("6281312345678");
        assertThat(message.partitionKey()).isEqualTo("demo-id:6281312345678");
        assertThat(message.text()).isEqualTo("Kak, masih ada slot Sabtu?");
        assertThat(message.replyToProviderMessageId()).isEqualTo("3EB0AA11BB22CC33DD44");
        assertThat(message.profileName()).isEqualTo("Ayu");
        assertThat(message.sentAt()).isEqualTo(Instant.ofEpochSecond(1763719900));
        assertThat(message.fromBusiness()).isFalse();
        assertThat(message.attributes()).containsEntry("addressingMode", "lid").containsEntry("gateway", "evolution")
                .containsEntry(InboundMessageReceived.GATEWAY_INSTANCE, "evo-jakarta");
    }

    @Test
    void whatTheBusinessSentFromItsOwnPhoneIsAnOutboundMessageOfTheCustomersConversation() {
        InboundMessageReceived message = parse("evolution-from-me-image.json").messages().getFirst();

        assertThat(message.fromBusiness()).isTrue();
        assertThat(message.from().phone()).isEqualTo("6281312345678");
        assertThat(message.partitionKey()).isEqualTo("demo-id:6281312345678");
        assertThat(message.profileName()).isNull();
        assertThat(message.messageType()).isEqualTo("image");
        assertThat(message.media().mimeType()).isEqualTo("image/jpeg");
        assertThat(message.text()).isEqualTo("Ini daftar harga");
    }

    @Test
    void groupMessagesAreArchivedOnlyAndCountedAsGroupTrafficNeverAsAPerson() {
        ParsedWebhook evolution = parse("evolution-group.json");
        ParsedWebhook waha = parse("waha-group.json");
        ObjectNode noParticipant = (ObjectNode) Fixtures.tree("gateway/evolution-group.json");
        ((ObjectNode) noParticipant.path("data").path("key")).removeAll();
        ((ObjectNode) noParticipant.path("data").path("key")).put("remoteJid", "120363025246125486@g.us")
                .put("id", "3EB0D00D1234567890AC").put("fromMe", false);
        ParsedWebhook anonymous = parser.parse(noParticipant, Fixtures.context());

        for (ParsedWebhook parsed : List.of(evolution, waha, anonymous)) {
            assertThat(parsed.messages()).isEmpty();
            assertThat(parsed.archivedOnly()).containsExactly(ParsedWebhook.GROUP);
            assertThat(parsed.problems()).isEmpty();
            assertThat(parsed.unrouted()).isEmpty();
        }
        assertThat(evolution.businessId()).isEqualTo("demo-id");
        assertThat(waha.businessId()).isEqualTo("demo-il");
    }

    @Test
    void anEvolutionReadUpdateAndAWahaAckAreDeliveryStatuses() {
        assertThat(parse("evolution-status.json").statuses()).singleElement().satisfies(status -> {
            assertThat(status.status()).isEqualTo(DeliveryState.READ);
            assertThat(status.providerMessageId()).isEqualTo("3EB0F00DFEEDBEEF0001");
            assertThat(status.recipientRef()).isEqualTo("6281312345678");
        });
        assertThat(parse("waha-ack.json").statuses()).singleElement().satisfies(status -> {
            assertThat(status.businessId()).isEqualTo("demo-il");
            assertThat(status.status()).isEqualTo(DeliveryState.READ);
            assertThat(status.recipientRef()).isEqualTo("972501234567");
        });
    }

    @Test
    void wahaMessagesInCUsAndLinkedIdFormNameTheSamePerson() {
        InboundMessageReceived cUs = parse("waha-message.json").messages().getFirst();
        InboundMessageReceived lid = parse("waha-lid-voice.json").messages().getFirst();

        assertThat(cUs.businessId()).isEqualTo("demo-il");
        assertThat(cUs.text()).isEqualTo("Can someone come on Sunday?");
        assertThat(cUs.profileName()).isEqualTo("Noa");
        assertThat(cUs.from().jid()).isEqualTo("972501234567@c.us");
        assertThat(lid.from().lid()).isEqualTo("87654321098765@lid");
        assertThat(lid.messageType()).isEqualTo("audio");
        assertThat(lid.media().mimeType()).startsWith("audio/ogg");
        assertThat(lid.partitionKey()).isEqualTo(cUs.partitionKey()).isEqualTo("demo-il:972501234567");
    }

    @Test
    void rawBaileysMessagesUnwrapEphemeralContentSkipStatusBroadcastsAndArchiveGroupReactionsOnly() {
        ParsedWebhook parsed = parse("baileys-upsert.json");

        assertThat(parsed.messages()).extracting(InboundMessageReceived::providerMessageId)
                .containsExactly("BAE5F3C1D2E3A4B5", "BAE5F3C1D2E3A4B8");
        assertThat(parsed.archivedOnly()).containsExactly(ParsedWebhook.GROUP);
        InboundMessageReceived location = parsed.messages().get(0);
        assertThat(location.messageType()).isEqualTo("location");
        assertThat(location.location().name()).isEqualTo("Kantor");
        assertThat(location.from().phone()).isEqualTo("6281312345678");
        assertThat(location.from().lid()).isEqualTo("180149326516354@lid");
        assertThat(location.sentAt()).isEqualTo(Instant.ofEpochSecond(1763720300));
        InboundMessageReceived button = parsed.messages().get(1);
        assertThat(button.text()).isEqualTo("Sabtu pagi");
        assertThat(button.attributes()).containsEntry("interactive.id", "slot-sat");
    }

    @Test
    void anUnknownInstanceIsUnroutedAndAnUnknownShapeIsUnparseable() {
        ParsedWebhook parsed = parser.parse(Fixtures.JSON.readTree(
                "{\"event\":\"messages.upsert\",\"instance\":\"nobody\",\"data\":{},\"apikey\":\"x\"}"),
                Fixtures.context());

        assertThat(parsed.unrouted()).containsExactly("nobody");
        assertThatThrownBy(() -> parser.parse(Fixtures.JSON.readTree("{\"hello\":1}"), Fixtures.context()))
                .isInstanceOf(UnparseableWebhook.class);
    }
}
