package io.leadline.ai.flow;

import io.leadline.contracts.Channel;
import io.leadline.contracts.Direction;
import io.leadline.contracts.Recipient;
import io.leadline.contracts.conversation.MessageAccepted;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Test data: inbound messages of made-up conversations. */
final class Conversations {

    static final String BUSINESS = "test-business";
    private static final AtomicLong IDS = new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000));

    private Conversations() {
    }

    static long newId() {
        return IDS.incrementAndGet();
    }

    static MessageAccepted inbound(long conversationId, String text) {
        return inbound(conversationId, newId(), text, Map.of(), null);
    }

    static MessageAccepted inbound(long conversationId, long messageId, String text, Map<String, String> lead,
            String assignee) {
        Instant now = Instant.now();
        return new MessageAccepted(BUSINESS, conversationId, messageId, conversationId + 7, Direction.INBOUND,
                Channel.META_CLOUD, "wamid.TEST" + messageId, "text", text, now, now,
                new Recipient("+6281300000001", "6281300000001", null), assignee, lead, now.minusMillis(40));
    }

    /** A message from someone WhatsApp shows only as an {@code @lid}, who wrote through a gateway instance. */
    static MessageAccepted throughGateway(long conversationId, String instance, String text) {
        Instant now = Instant.now();
        long messageId = newId();
        return new MessageAccepted(BUSINESS, conversationId, messageId, conversationId + 7, Direction.INBOUND,
                Channel.GATEWAY, "3EB0TEST" + messageId, "text", text, now, now,
                new Recipient(null, null, null, "180149326516354"), null, Map.of(), now.minusMillis(40), instance);
    }
}
