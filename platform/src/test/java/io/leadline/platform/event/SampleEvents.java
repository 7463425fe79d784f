package io.leadline.platform.event;

import io.leadline.contracts.Channel;
import io.leadline.contracts.CustomerIdentifiers;
import io.leadline.contracts.Direction;
import io.leadline.contracts.LeadlineEvent;
import io.leadline.contracts.Recipient;
import io.leadline.contracts.ai.ReplyIntended;
import io.leadline.contracts.conversation.AssignmentChanged;
import io.leadline.contracts.conversation.ConversationsMerged;
import io.leadline.contracts.conversation.MessageAccepted;
import io.leadline.contracts.identity.ContactCard;
import io.leadline.contracts.identity.ContactUpdated;
import io.leadline.contracts.identity.ContactsMerged;
import io.leadline.contracts.identity.InboundMessageResolved;
import io.leadline.contracts.ingest.DeliveryState;
import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.contracts.ingest.Location;
import io.leadline.contracts.ingest.Media;
import io.leadline.contracts.ingest.ProviderError;
import io.leadline.contracts.ingest.WebhookReceived;
import io.leadline.contracts.ops.OpsTaskRaised;
import io.leadline.contracts.outbound.OutboundFailed;
import io.leadline.contracts.outbound.OutboundOutcomeUnknown;
import io.leadline.contracts.outbound.OutboundSent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One fully populated instance of every event type: the source of the golden v1 samples. */
final class SampleEvents {

    static final Instant AT = Instant.parse("2026-11-21T10:15:30Z");

    private SampleEvents() {
    }

    static List<LeadlineEvent> all() {
        var from = new CustomerIdentifiers("6281312345678", "+62 813-1234-5678", "6281312345678:12@s.whatsapp.net",
                "82399031480511@lid", "ID.1234567890", "ID.parent", "ayu", "kapso-contact-1");
        var recipient = new Recipient("+6281312345678", "6281312345678", "ID.1234567890");
        var inbound = new InboundMessageReceived("demo-id", Channel.META_CLOUD, "wamid.IN1", from, "Ayu", AT, AT,
                "image", "my bakery", new Media("media-1", "image/jpeg", "my bakery", "bakery.jpg", "abc"),
                "wamid.CTX", false, "webhook-1", "{\"type\":\"image\"}", new Location(-6.2, 106.8, "Toko Roti", "Jakarta"),
                Map.of("referral.source_id", "ad-1"), "kapso-conversation-1");
        return List.of(
                new WebhookReceived("webhook-1", Channel.META_CLOUD, "demo-id", AT, "application/json",
                        Map.of("X-Hub-Signature-256", "sha256=00"), "{}".getBytes(StandardCharsets.UTF_8)),
                inbound,
                new DeliveryStatusReported("demo-id", Channel.META_CLOUD, "wamid.OUT1", DeliveryState.FAILED, AT,
                        "6281312345678", "42", List.of(new ProviderError(131047, "Re-engagement message",
                                "More than 24 hours", "details")), "service", "webhook-2",
                        Map.of("conversation.id", "meta-conversation-1")),
                new InboundMessageResolved("demo-id", "demo-id:contact:7",
                        new ContactCard(7, "Ayu", "Ayu", "+6281312345678", true, recipient, null), inbound),
                new ContactUpdated("demo-id", "demo-id:contact:7",
                        new ContactCard(7, "Ayu L.", "Ayu", "+6281312345678", true, recipient, "Ayu L."), AT),
                new ContactsMerged("demo-id", 7, 9, "demo-id:contact:7", "demo-id:contact:9", "LID_LINKED_TO_PHONE",
                        Map.of("lid", "82399031480511"), AT),
                new MessageAccepted("demo-id", 11, 101, 7, Direction.INBOUND, Channel.META_CLOUD, "wamid.IN1", "text",
                        "hello", AT, AT, recipient, "agent@example.com", Map.of("service", "website")),
                new AssignmentChanged("demo-id", 11, "agent@example.com", AT),
                new ConversationsMerged("demo-id", 11, 12, 7, 9, AT),
                new ReplyIntended("demo-id", 11, 101, "wamid.IN1", "QUESTION", "location", "Where are you?",
                        recipient, AT),
                new OutboundSent("demo-id", 11, 55, "dedupe", "QUESTION", "location", "Where are you?", recipient,
                        "wamid.OUT1", AT),
                new OutboundFailed("demo-id", 11, 55, "dedupe", "WINDOW_CLOSED", 131047, AT),
                new OutboundOutcomeUnknown("demo-id", 11, 55, "dedupe", "read timeout after the request was sent", AT),
                new OpsTaskRaised("demo-id", "SEND_UNKNOWN", "outbound:55", 11L, 7L, "ambiguous send",
                        Map.of("outboundId", "55"), AT));
    }
}
