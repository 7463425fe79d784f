package io.leadline.contracts;

import io.leadline.contracts.ai.ReplyIntended;
import io.leadline.contracts.conversation.AssignmentChanged;
import io.leadline.contracts.conversation.ConversationsMerged;
import io.leadline.contracts.conversation.MessageAccepted;
import io.leadline.contracts.identity.ContactUpdated;
import io.leadline.contracts.identity.ContactsMerged;
import io.leadline.contracts.identity.InboundMessageResolved;
import io.leadline.contracts.ingest.DeliveryStatusReported;
import io.leadline.contracts.ingest.InboundMessageReceived;
import io.leadline.contracts.ingest.WebhookReceived;
import io.leadline.contracts.ops.OpsTaskRaised;
import io.leadline.contracts.outbound.OutboundFailed;
import io.leadline.contracts.outbound.OutboundOutcomeUnknown;
import io.leadline.contracts.outbound.OutboundSent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalogue of event types: the CloudEvents {@code ce_type} of each record, and the topic it travels on.
 *
 * <p>A type name is {@code leadline.<owner>.<RecordName>}, where the owner is the service that publishes
 * it. Names never change; a breaking change is a new topic (see {@link Topics}).
 */
public final class EventTypes {

    private static final Map<Class<? extends LeadlineEvent>, String> TOPIC_BY_TYPE = new LinkedHashMap<>();
    private static final Map<String, Class<? extends LeadlineEvent>> CLASS_BY_NAME = new LinkedHashMap<>();

    static {
        register(WebhookReceived.class, Topics.WEBHOOKS_RAW);
        register(InboundMessageReceived.class, Topics.INBOUND);
        register(DeliveryStatusReported.class, Topics.STATUS);
        register(InboundMessageResolved.class, Topics.IDENTITY);
        register(ContactsMerged.class, Topics.IDENTITY);
        register(ContactUpdated.class, Topics.IDENTITY);
        register(MessageAccepted.class, Topics.CONVERSATION);
        register(AssignmentChanged.class, Topics.CONVERSATION);
        register(ConversationsMerged.class, Topics.CONVERSATION);
        register(ReplyIntended.class, Topics.REPLY_INTENTS);
        register(OutboundSent.class, Topics.OUTBOUND);
        register(OutboundFailed.class, Topics.OUTBOUND);
        register(OutboundOutcomeUnknown.class, Topics.OUTBOUND);
        register(OpsTaskRaised.class, Topics.OPS_TASKS);
    }

    private EventTypes() {
    }

    private static void register(Class<? extends LeadlineEvent> type, String topic) {
        TOPIC_BY_TYPE.put(type, topic);
        CLASS_BY_NAME.put(nameOf(type), type);
    }

    /** The {@code ce_type} of an event class, e.g. {@code leadline.identity.ContactsMerged}. */
    public static String nameOf(Class<? extends LeadlineEvent> type) {
        String pkg = type.getPackageName();
        String owner = pkg.substring(pkg.lastIndexOf('.') + 1);
        return "leadline." + owner + "." + type.getSimpleName();
    }

    /** The event class for a {@code ce_type}, if this version of the contracts knows it. */
    public static Optional<Class<? extends LeadlineEvent>> classOf(String name) {
        return Optional.ofNullable(CLASS_BY_NAME.get(name));
    }

    /** The topic an event type is published on. */
    public static String topicOf(Class<? extends LeadlineEvent> type) {
        String topic = TOPIC_BY_TYPE.get(type);
        if (topic == null) {
            throw new IllegalArgumentException(type.getName() + " is not registered in EventTypes");
        }
        return topic;
    }

    public static List<Class<? extends LeadlineEvent>> all() {
        return List.copyOf(TOPIC_BY_TYPE.keySet());
    }
}
