package io.leadline.outbound;

import io.leadline.contracts.Channel;
import io.leadline.contracts.Recipient;
import io.leadline.contracts.ai.ReplyIntended;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Intents and row reads the outbound tests share. */
public final class Fixtures {

    public static final String BUSINESS = "demo-id";
    public static final String PHONE_NUMBER_ID = "15550000001";

    private static final AtomicLong IDS = new AtomicLong(ThreadLocalRandom.current().nextLong(1_000_000, 9_000_000) * 1000);

    private Fixtures() {
    }

    public static long nextId() {
        return IDS.incrementAndGet();
    }

    /** A random Indonesian WhatsApp id, so each test addresses its own customer. */
    public static String waId() {
        return "62813" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
    }

    public static ReplyIntended intent(long conversationId, String waId, String questionKey, long inboundId) {
        return intent(conversationId, waId, questionKey, inboundId, Instant.now().minus(Duration.ofMinutes(1)));
    }

    public static ReplyIntended intent(long conversationId, String waId, String questionKey, long inboundId,
            Instant lastInboundAt) {
        return new ReplyIntended(BUSINESS, conversationId, inboundId, "wamid.IN" + inboundId, "QUESTION", questionKey,
                "What service do you need? (" + questionKey + ")", new Recipient("+" + waId, waId, null),
                lastInboundAt);
    }

    /** A random linked id (the digits of an {@code @lid}), so each test addresses its own customer. */
    public static String lid() {
        return "1801" + ThreadLocalRandom.current().nextLong(10_000_000_000L, 99_999_999_999L);
    }

    /** A reply to someone who wrote through this gateway instance. */
    public static ReplyIntended gatewayIntent(long conversationId, String instance, Recipient recipient) {
        long inboundId = nextId();
        return new ReplyIntended(BUSINESS, conversationId, inboundId, "3EB0IN" + inboundId, "QUESTION", "service",
                "Layanan apa yang dibutuhkan?", recipient, Instant.now().minus(Duration.ofMinutes(1)), null,
                Channel.GATEWAY, instance);
    }

    public static Map<String, Object> row(JdbcClient jdbc, long id) {
        return jdbc.sql("SELECT * FROM outbound_message WHERE id = :id").param("id", id).query().singleRow();
    }

    public static Map<String, Object> rowOfConversation(JdbcClient jdbc, long conversationId) {
        return jdbc.sql("SELECT * FROM outbound_message WHERE conversation_id = :c").param("c", conversationId)
                .query().singleRow();
    }

    public static String status(JdbcClient jdbc, long conversationId) {
        return jdbc.sql("SELECT status FROM outbound_message WHERE conversation_id = :c").param("c", conversationId)
                .query(String.class).optional().orElse(null);
    }
}
