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
import org.junit.jupiter.api.Test;

class GatewayWebhookParserTest {

    private final GatewayWebhookParser parser = new GatewayWebhookParser();

    private ParsedWebhook parse(String fixture) {
        return parser.parse(Fixtures.tree("gateway/" + fixture), Fixtures.context());
    }

    @Test
    void anEvolutionMessageFromALinkedIdCarriesBothFormsOfThePersonKeyedByThePhone() {
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
        assertThat(message.attributes()).containsEntry("addressingMode", "lid").containsEntry("gateway", "evolution");
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
    void aGroupMessageIsGroupTrafficFromItsParticipantNeverFromTheGroup() {
        InboundMessageReceived message = parse("evolution-group.json").messages().getFirst();

        assertThat(message.attributes()).containsEntry("chat.type", "group")
                .containsEntry("chat.jid", "120363025246125486@g.us");
        assertThat(message.providerConversationId()).isEqualTo("120363025246125486@g.us");
        assertThat(message.from().phone()).isEqualTo("6281377788899");
        assertThat(message.from().lid()).isEqualTo("254897412305@lid");
        assertThat(message.from().jid()).doesNotContain("@g.us");
        assertThat(message.from().senderRef()).doesNotContain("@g.us");
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
    void rawBaileysMessagesUnwrapEphemeralContentSkipStatusBroadcastsAndKeepGroupReactions() {
        ParsedWebhook parsed = parse("baileys-upsert.json");

        assertThat(parsed.messages()).extracting(InboundMessageReceived::providerMessageId)
                .containsExactly("BAE5F3C1D2E3A4B5", "BAE5F3C1D2E3A4B6", "BAE5F3C1D2E3A4B8");
        InboundMessageReceived location = parsed.messages().get(0);
        assertThat(location.messageType()).isEqualTo("location");
        assertThat(location.location().name()).isEqualTo("Kantor");
        assertThat(location.from().phone()).isEqualTo("6281312345678");
        assertThat(location.from().lid()).isEqualTo("180149326516354@lid");
        assertThat(location.sentAt()).isEqualTo(Instant.ofEpochSecond(1763720300));
        InboundMessageReceived reaction = parsed.messages().get(1);
        assertThat(reaction.messageType()).isEqualTo("reaction");
        assertThat(reaction.replyToProviderMessageId()).isEqualTo("BAE5AAAA0001");
        assertThat(reaction.attributes()).containsEntry("chat.type", "group");
        InboundMessageReceived button = parsed.messages().get(2);
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
