package io.leadline.conversation.debug;

import io.leadline.contracts.Channel;
import io.leadline.contracts.ingest.WebhookReceived;
import io.leadline.conversation.config.ConversationProperties;
import io.leadline.conversation.debug.PipelineTrace.Hop;
import io.leadline.platform.PlatformProperties;
import io.leadline.platform.trace.Traces;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seed 001's question, "what happens when the provider retries this webhook?", answered on the live system: the
 * conversation's last inbound webhook goes from the raw archive to the ingest again, byte for byte with its original
 * signature headers and under a trace of its own. The answer waits (at most {@code timeout}) until the retry has
 * demonstrably gone through the pipeline, hop by hop by that trace ({@link PipelineTrace}), and only then counts the
 * conversation's messages and sends: "0 new" means something only next to the evidence that the retry arrived.
 */
@Service
class RetrySimulation {

    /** How the retry ended: NO_EFFECT is the only good answer; the others say what is missing. */
    enum Verdict { NO_EFFECT, DUPLICATED, INGEST_REFUSED, NOT_TRACED, INCOMPLETE }

    /** What the simulated retry changed downstream, and the evidence that it went through. */
    record Report(long conversationId, String providerMessageId, String webhookId, int ingestStatus,
                  long messagesBefore, long messagesAfter, long newMessages, long sendsBefore, long sendsAfter,
                  long newSends, long waitedMs, String traceId, Verdict verdict, String evidence, List<Hop> pipeline) {
    }

    /** Headers that made the original request what it was (its signature and the parser's inputs); the rest is transport. */
    private static final Set<String> REPLAYED_HEADERS = Set.of("x-hub-signature-256", "x-webhook-signature",
            "x-idempotency-key", "x-webhook-hmac", "x-webhook-hmac-algorithm", "x-waha-signature",
            "x-webhook-event", "x-webhook-batch");

    private final JdbcClient jdbc;
    private final RawArchive archive;
    private final PipelineTrace trace;
    private final ConversationProperties.RetrySimulation settings;
    private final String adminToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    RetrySimulation(JdbcClient jdbc, RawArchive archive, PipelineTrace trace, ConversationProperties properties,
            PlatformProperties platform) {
        this.jdbc = jdbc;
        this.archive = archive;
        this.trace = trace;
        this.settings = properties.retrySimulation();
        this.adminToken = platform.adminToken();
    }

    private record LastInbound(String providerMessageId, Instant receivedAt) {
    }

    Report simulate(long conversationId) throws Exception {
        LastInbound last = jdbc.sql("""
                SELECT provider_message_id, received_at FROM message
                WHERE conversation_id = :id AND direction = 'INBOUND' AND provider_message_id IS NOT NULL
                ORDER BY received_at DESC, id DESC LIMIT 1
                """).param("id", conversationId)
                .query((rs, n) -> new LastInbound(rs.getString(1), rs.getTimestamp(2).toInstant())).optional()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "Conversation " + conversationId + " has no inbound message"));
        WebhookReceived webhook = archive.find(last.providerMessageId(), last.receivedAt())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "The raw archive holds no webhook with " + last.providerMessageId() + " any more"));
        long messagesBefore = messages(conversationId);
        long sendsBefore = sends(conversationId);
        var from = trace.ends();
        String traceparent = Traces.newTraceparent();
        String traceId = Traces.traceIdOf(traceparent);
        long started = System.nanoTime();
        int status = post(webhook, traceparent);
        List<Hop> hops = status == 200
                ? trace.follow(traceId, from, settings.relayGrace(), Instant.now().plus(settings.timeout()))
                : List.of();
        long messagesAfter = messages(conversationId);
        long sendsAfter = sends(conversationId);
        long newMessages = messagesAfter - messagesBefore;
        long newSends = sendsAfter - sendsBefore;
        Verdict verdict = status != 200 ? Verdict.INGEST_REFUSED
                : hops.isEmpty() ? Verdict.NOT_TRACED
                : !hops.getLast().consumed() ? Verdict.INCOMPLETE
                : newMessages == 0 && newSends == 0 ? Verdict.NO_EFFECT : Verdict.DUPLICATED;
        return new Report(conversationId, last.providerMessageId(), webhook.webhookId(), status, messagesBefore,
                messagesAfter, newMessages, sendsBefore, sendsAfter, newSends,
                (System.nanoTime() - started) / 1_000_000, traceId, verdict, explain(verdict, hops), hops);
    }

    private String explain(Verdict verdict, List<Hop> hops) {
        if (verdict == Verdict.INGEST_REFUSED) {
            return "The ingest did not accept the retry; nothing went further.";
        }
        if (hops.isEmpty()) {
            return "The ingest accepted the retry but published nothing under its trace: the parser found no"
                    + " message in it.";
        }
        Hop last = hops.getLast();
        String where = last.records().stream().map(landed -> landed.type() + " " + landed.eventId() + " at "
                + landed.position() + " (consumed by " + landed.consumedBy() + ")").toList().toString();
        if (!last.consumed()) {
            return "Gave up after " + settings.timeout() + " waiting for the consumers of " + last.topic()
                    + " to commit past " + where + "; the counts are not evidence of anything.";
        }
        return "The retry reached " + last.topic() + " as " + where + " and caused nothing on the next topic within "
                + settings.relayGrace() + " after it was consumed: its effects ended there.";
    }

    private int post(WebhookReceived webhook, String traceparent) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.ingestUrl() + path(webhook.source())))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", webhook.contentType() == null ? "application/json" : webhook.contentType())
                .header("traceparent", traceparent)
                .POST(HttpRequest.BodyPublishers.ofByteArray(webhook.body()));
        webhook.headers().forEach((name, value) -> {
            if (REPLAYED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
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
