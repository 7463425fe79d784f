package io.leadline.conversation.debug;

import io.leadline.contracts.Channel;
import io.leadline.contracts.ingest.WebhookReceived;
import io.leadline.conversation.config.ConversationProperties;
import io.leadline.platform.PlatformProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seed 001's question, "what happens when the provider retries this webhook?", answered on the live system: the
 * conversation's last inbound webhook goes from the raw archive to the ingest again, byte for byte with its original
 * signature headers, and the answer counts the conversation's messages and sends before and after.
 */
@Service
class RetrySimulation {

    /** What the simulated retry changed downstream: nothing, when every dedupe layer holds. */
    record Report(long conversationId, String providerMessageId, String webhookId, int ingestStatus,
                  long messagesBefore, long messagesAfter, long newMessages, long sendsBefore, long sendsAfter,
                  long newSends, long waitedMs) {
    }

    /** Headers that made the original request what it was (its signature above all); the rest is transport. */
    private static final Set<String> REPLAYED_HEADERS = Set.of("x-hub-signature-256", "x-webhook-signature",
            "x-idempotency-key", "x-webhook-hmac", "x-webhook-hmac-algorithm", "x-waha-signature");

    private final JdbcClient jdbc;
    private final RawArchive archive;
    private final ConversationProperties.RetrySimulation settings;
    private final String adminToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    RetrySimulation(JdbcClient jdbc, RawArchive archive, ConversationProperties properties,
            PlatformProperties platform) {
        this.jdbc = jdbc;
        this.archive = archive;
        this.settings = properties.retrySimulation();
        this.adminToken = platform.adminToken();
    }

    Report simulate(long conversationId) throws Exception {
        var last = jdbc.sql("""
                SELECT provider_message_id, received_at FROM message
                WHERE conversation_id = :id AND direction = 'INBOUND' AND provider_message_id IS NOT NULL
                ORDER BY received_at DESC, id DESC LIMIT 1
                """).param("id", conversationId)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getTimestamp(2).toInstant()}).optional()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "Conversation " + conversationId + " has no inbound message"));
        String providerMessageId = (String) last[0];
        WebhookReceived webhook = archive.find(providerMessageId, (Instant) last[1])
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "The raw archive holds no webhook with " + providerMessageId + " any more"));
        long messagesBefore = messages(conversationId);
        long sendsBefore = sends(conversationId);
        int status = post(webhook);
        long started = System.nanoTime();
        Thread.sleep(settings.settle());
        long messagesAfter = messages(conversationId);
        long sendsAfter = sends(conversationId);
        return new Report(conversationId, providerMessageId, webhook.webhookId(), status, messagesBefore, messagesAfter,
                messagesAfter - messagesBefore, sendsBefore, sendsAfter, sendsAfter - sendsBefore,
                (System.nanoTime() - started) / 1_000_000);
    }

    private int post(WebhookReceived webhook) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.ingestUrl() + path(webhook.source())))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", webhook.contentType() == null ? "application/json" : webhook.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(webhook.body()));
        webhook.headers().forEach((name, value) -> {
            if (REPLAYED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                request.header(name, value);
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String path(Channel source) {
        return switch (source) {
            case META_CLOUD -> "/webhooks/whatsapp";
            case KAPSO -> "/webhooks/kapso";
            default -> "/webhooks/gateway";
        };
    }

    private long messages(long conversationId) {
        return jdbc.sql("SELECT count(*) FROM message WHERE conversation_id = :id").param("id", conversationId)
                .query(Long.class).single();
    }

    /** The outbound rows of the conversation, as outbound-service's admin API lists them. */
    private long sends(long conversationId) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(settings.outboundUrl()
                        + "/api/admin/outbound?conversationId=" + conversationId)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + adminToken).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new ResponseStatusException(HttpStatus.BAD_GATEWAY,
                    "outbound-service answered " + answer.statusCode() + " for the conversation's sends");
        }
        return json.readTree(answer.body()).path("rows").size();
    }
}
