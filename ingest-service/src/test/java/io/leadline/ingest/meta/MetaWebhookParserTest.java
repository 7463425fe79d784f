package io.leadline.ingest.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadline.contracts.ingest.DeliveryState;
import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.ingest.Fixtures;
import io.leadline.ingest.webhook.ParsedWebhook;
import io.leadline.ingest.webhook.UnparseableWebhook;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MetaWebhookParserTest {

    private final MetaWebhookParser parser = new MetaWebhookParser();

    private Map<String, InboundMessageReceived> allTypes() {
        ParsedWebhook parsed = parser.parse(Fixtures.tree("meta/all-message-types.json"), Fixtures.context());
        assertThat(parsed.problems()).isEmpty();
        return parsed.messages().stream()
                .collect(Collectors.toMap(InboundMessageReceived::providerMessageId, Function.identity()));
    }

    @Test
    void everyMessageTypeMetaDocumentsBecomesOneInboundEventOfTheRoutedBusiness() {
        Map<String, InboundMessageReceived> messages = allTypes();

        assertThat(messages).hasSize(15);
        assertThat(messages.values()).allSatisfy(message -> {
            assertThat(message.businessId()).isEqualTo("demo-id");
            assertThat(message.from().waId()).isEqualTo("6281312345678");
            assertThat(message.from().bsuid()).isEqualTo("ID.1234567890123456");
            assertThat(message.from().parentBsuid()).isEqualTo("ID.P.9876543210");
            assertThat(message.from().username()).isEqualTo("ayu.lestari");
            assertThat(message.profileName()).isEqualTo("Ayu Lestari");
            assertThat(message.webhookId()).isEqualTo("webhook-1");
            assertThat(message.receivedAt()).isEqualTo(Fixtures.RECEIVED_AT);
            assertThat(message.rawJson()).contains(message.providerMessageId());
        });
        assertThat(messages.values()).extracting(InboundMessageReceived::messageType).containsExactlyInAnyOrder(
                "text", "interactive", "interactive", "button", "image", "audio", "video", "document", "sticker",
                "location", "contacts", "reaction", "order", "system", "unsupported");
    }

    @Test
    void aTextKeepsTheProvidersTimestampItsReplyToAndTheAdItCameFrom() {
        InboundMessageReceived text = allTypes().get("wamid.text1");

        assertThat(text.text()).isEqualTo("Halo, saya mau tanya harga");
        assertThat(text.sentAt()).isEqualTo(Instant.ofEpochSecond(1763719200));
        assertThat(text.replyToProviderMessageId()).isEqualTo("wamid.previous");
        assertThat(text.attributes()).containsEntry("referral.source_type", "ad")
                .containsEntry("referral.source_id", "120213000000000")
                .containsEntry("referral.ctwa_clid", "ARAkLkA8rmlFeiCktEJQ")
                .containsEntry("referral.headline", "Promo November");
    }

    @Test
    void buttonAndListRepliesCarryTheChosenTitleAndId() {
        Map<String, InboundMessageReceived> messages = allTypes();

        assertThat(messages.get("wamid.button_reply").text()).isEqualTo("Cleaning");
        assertThat(messages.get("wamid.button_reply").attributes())
                .containsEntry("interactive.type", "button_reply").containsEntry("interactive.id", "service-clean");
        assertThat(messages.get("wamid.button_reply").replyToProviderMessageId()).isEqualTo("wamid.question");
        assertThat(messages.get("wamid.list_reply").text()).isEqualTo("Morning");
        assertThat(messages.get("wamid.list_reply").attributes()).containsEntry("interactive.id", "slot-morning")
                .containsEntry("interactive.description", "08:00 to 12:00");
        assertThat(messages.get("wamid.button").text()).isEqualTo("Stop promotions");
        assertThat(messages.get("wamid.button").attributes()).containsEntry("button.payload", "STOP_PROMOTIONS");
    }

    @Test
    void mediaKeepTheirIdMimeTypeCaptionAndFilename() {
        Map<String, InboundMessageReceived> messages = allTypes();

        assertThat(messages.get("wamid.image").media()).satisfies(media -> {
            assertThat(media.id()).isEqualTo("1003383421387256");
            assertThat(media.mimeType()).isEqualTo("image/jpeg");
            assertThat(media.caption()).isEqualTo("Foto ruangan");
        });
        assertThat(messages.get("wamid.image").text()).isEqualTo("Foto ruangan");
        assertThat(messages.get("wamid.document").media().filename()).isEqualTo("denah-rumah.pdf");
        assertThat(messages.get("wamid.audio").media().mimeType()).isEqualTo("audio/ogg; codecs=opus");
        assertThat(messages.get("wamid.audio").attributes()).containsEntry("audio.voice", "true");
        assertThat(messages.get("wamid.video").media().id()).isEqualTo("1003383421387258");
        assertThat(messages.get("wamid.sticker").media().mimeType()).isEqualTo("image/webp");
    }

    @Test
    void locationContactsReactionOrderAndSystemMessagesKeepTheirDetails() {
        Map<String, InboundMessageReceived> messages = allTypes();

        assertThat(messages.get("wamid.location").location()).satisfies(location -> {
            assertThat(location.latitude()).isEqualTo(-6.2087634);
            assertThat(location.longitude()).isEqualTo(106.845599);
            assertThat(location.name()).isEqualTo("Monas");
            assertThat(location.address()).isEqualTo("Gambir, Jakarta Pusat");
        });
        assertThat(messages.get("wamid.contacts").text()).isEqualTo("Budi Santoso");
        assertThat(messages.get("wamid.contacts").attributes()).containsEntry("contacts.0.waId", "6281122334455")
                .containsEntry("contacts.count", "1");
        assertThat(messages.get("wamid.reaction").replyToProviderMessageId()).isEqualTo("wamid.outbound42");
        assertThat(messages.get("wamid.reaction").attributes()).containsEntry("reaction.emoji", "\uD83D\uDC4D");
        assertThat(messages.get("wamid.order").text()).isEqualTo("Tolong kirim besok");
        assertThat(messages.get("wamid.order").attributes()).containsEntry("order.catalogId", "1537020783584840")
                .containsEntry("order.items", "sku-clean-2h x1 @ 150000 IDR; sku-ac-service x2 @ 90000 IDR");
        assertThat(messages.get("wamid.system").attributes()).containsEntry("system.type", "user_changed_number")
                .containsEntry("system.newWaId", "6281398765432");
    }

    @Test
    void anUnsupportedTypeIsKeptWithItsRawJsonAndMetasReason() {
        InboundMessageReceived unsupported = allTypes().get("wamid.unsupported");

        assertThat(unsupported.rawJson()).contains("131051");
        assertThat(unsupported.attributes()).containsEntry("error.code", "131051");
    }

    @Test
    void everyStatusKeepsItsStateCallbackDataErrorsConversationAndPricing() {
        ParsedWebhook parsed = parser.parse(Fixtures.tree("meta/statuses.json"), Fixtures.context());

        assertThat(parsed.statuses()).extracting(DeliveryStatusReported::status).containsExactly(
                DeliveryState.SENT, DeliveryState.DELIVERED, DeliveryState.READ, DeliveryState.FAILED);
        DeliveryStatusReported sent = parsed.statuses().get(0);
        assertThat(sent.businessId()).isEqualTo("demo-il");
        assertThat(sent.callbackData()).isEqualTo("outbound-7f3a");
        assertThat(sent.recipientRef()).isEqualTo("972501234567");
        assertThat(sent.pricingCategory()).isEqualTo("service");
        assertThat(sent.at()).isEqualTo(Instant.ofEpochSecond(1763719300));
        assertThat(sent.attributes()).containsEntry("conversation.id", "CONVERSATION_ID_1")
                .containsEntry("conversation.origin", "service").containsEntry("pricing.model", "PMP");
        DeliveryStatusReported failed = parsed.statuses().get(3);
        assertThat(failed.errors()).singleElement().satisfies(error -> {
            assertThat(error.code()).isEqualTo(131047);
            assertThat(error.details()).contains("24 hours");
        });
    }

    @Test
    void aCustomerKnownOnlyByTheBusinessScopedUserIdIsStillIdentified() {
        ParsedWebhook parsed = parser.parse(Fixtures.tree("meta/bsuid-only.json"), Fixtures.context());

        assertThat(parsed.messages()).singleElement().satisfies(message -> {
            assertThat(message.from().waId()).isNull();
            assertThat(message.from().bsuid()).isEqualTo("ID.1122334455667788");
            assertThat(message.from().parentBsuid()).isEqualTo("ID.P.5566778899");
            assertThat(message.from().username()).isEqualTo("dewi.k");
            assertThat(message.profileName()).isEqualTo("Dewi");
            assertThat(message.partitionKey()).isEqualTo("demo-id:ID.1122334455667788");
        });
    }

    @Test
    void everyEntryAndChangeIsReadAndEachNumberRoutesToItsBusiness() {
        ParsedWebhook parsed = parser.parse(Fixtures.tree("meta/several-entries.json"), Fixtures.context());

        assertThat(parsed.messages()).extracting(m -> m.providerMessageId() + "@" + m.businessId())
                .containsExactly("wamid.e1@demo-id", "wamid.e2@demo-id", "wamid.e3@demo-il");
        assertThat(parsed.messages().get(1).profileName()).isEqualTo("Rina");
        assertThat(parsed.statuses()).singleElement().satisfies(s -> assertThat(s.businessId()).isEqualTo("demo-il"));
        assertThat(parsed.unrouted()).containsExactly("15559999999");
        assertThat(parsed.problems()).isEmpty();
    }

    @Test
    void messageTrafficWithoutAPhoneNumberIdIsUnroutedWhileATemplateUpdateIsArchivedOnly() {
        ParsedWebhook parsed = parser.parse(Fixtures.tree("meta/no-phone-number-id.json"), Fixtures.context());

        assertThat(parsed.messages()).isEmpty();
        assertThat(parsed.statuses()).isEmpty();
        assertThat(parsed.unrouted()).containsExactly(MetaWebhookParser.NO_PHONE_NUMBER_ID,
                MetaWebhookParser.NO_PHONE_NUMBER_ID);
        assertThat(parsed.problems()).isEmpty();
        assertThat(parser.parse(Fixtures.tree("meta/several-entries.json"), Fixtures.context()).unrouted())
                .doesNotContain(MetaWebhookParser.NO_PHONE_NUMBER_ID);
    }

    @Test
    void jsonThatIsNotAWebhookIsUnparseableAndAMessageWithoutIdIsAProblem() {
        assertThatThrownBy(() -> parser.parse(Fixtures.JSON.readTree("{\"object\":1}"), Fixtures.context()))
                .isInstanceOf(UnparseableWebhook.class);
        assertThatThrownBy(() -> parser.parse(Fixtures.JSON.readTree("[1,2]"), Fixtures.context()))
                .isInstanceOf(UnparseableWebhook.class);

        ParsedWebhook parsed = parser.parse(Fixtures.JSON.readTree("""
                {"entry":[{"changes":[{"value":{"metadata":{"phone_number_id":"15550000001"},"messages":[
                  {"from":"1","timestamp":"1","type":"text","text":{"body":"no id"}},
                  {"from":"1","id":"wamid.ok","timestamp":"1","type":"text","text":{"body":"fine"}}]}}]}]}"""),
                Fixtures.context());
        assertThat(parsed.messages()).extracting(InboundMessageReceived::providerMessageId).containsExactly("wamid.ok");
        assertThat(parsed.problems()).containsExactly("a message has no id");
    }
}
