package io.leadline.outbound.send;

import io.leadline.contracts.Recipient;
import io.leadline.contracts.ai.ReplyIntended;
import io.leadline.outbound.send.ConversationWindows.Window;
import io.leadline.platform.AfterCommit;
import io.leadline.platform.event.EventEnvelope;
import io.leadline.platform.trace.Traces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The outbound log: every intended send, claimed by its dedupe key before WhatsApp is ever called. A second
 * intent with a taken key is counted as a collision and never becomes a send. A poll batch of intents is a few
 * statements, whatever its size: their windows, their rows, and the collisions.
 */
@Service
public class OutboundLog {

    private final JdbcClient jdbc;
    private final ConversationWindows windows;
    private final DispatchSignal signal;
    private final Counter collisions;

    OutboundLog(JdbcClient jdbc, ConversationWindows windows, DispatchSignal signal, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.windows = windows;
        this.signal = signal;
        this.collisions = Counter.builder("leadline.outbound.dedupe.collisions")
                .description("Intents refused because their dedupe key was already taken").register(meters);
    }

    /** What an intent became: its row, and whether this intent created it (false: a collision). */
    public record Accepted(long outboundId, String dedupeKey, boolean created) {
    }

    /**
     * An intent in a message an agent typed (the API): keyed by its Idempotency-Key and the day that key was first
     * claimed, so each use of a key sends once, even when a request that died is taken over after midnight.
     */
    public record AgentMessage(String businessId, long conversationId, String idempotencyKey, Instant keyClaimedAt,
            String text, Recipient recipient) {
    }

    /** One row to insert, with everything the send will need. */
    private record NewSend(String businessId, long conversationId, String dedupeKey, Long inboundMessageId,
            String origin, String replyType, String questionKey, String text, Recipient to, Instant lastInboundAt,
            Instant inboundReceivedAt, Route route, String traceparent) {
    }

    @Transactional
    public Accepted accept(ReplyIntended intent) {
        return acceptAll(List.of(intent), Collections.singletonList(Traces.current())).getFirst();
    }

    /** The intents of a poll batch, in their order; each row carries the trace its intent came with. */
    @Transactional
    public List<Accepted> acceptAll(List<EventEnvelope<ReplyIntended>> envelopes) {
        return acceptAll(envelopes.stream().map(EventEnvelope::payload).toList(), envelopes.stream()
                .map(e -> Traces.isValid(e.traceparent()) ? Traces.childOf(e.traceparent()) : Traces.newTraceparent())
                .toList());
    }

    private List<Accepted> acceptAll(List<ReplyIntended> intents, List<String> traceparents) {
        windows.track(intents.stream().map(intent -> new Window(intent.conversationId(), intent.businessId(),
                intent.lastInboundAt(), Route.of(intent.channel(), intent.gatewayInstance()))).toList());
        Instant now = Instant.now();
        List<NewSend> sends = new ArrayList<>(intents.size());
        for (int i = 0; i < intents.size(); i++) {
            ReplyIntended intent = intents.get(i);
            sends.add(new NewSend(intent.businessId(), intent.conversationId(), DedupeKey.of(intent.conversationId(),
                    intent.replyType(), intent.questionKey(), intent.inboundMessageId(), now),
                    intent.inboundMessageId(), "AI", intent.replyType(), intent.questionKey(), intent.text(),
                    intent.recipient(), intent.lastInboundAt(), intent.inboundReceivedAt(),
                    Route.of(intent.channel(), intent.gatewayInstance()), traceparents.get(i)));
        }
        return insertAll(sends);
    }

    @Transactional
    public Accepted accept(AgentMessage message) {
        String questionKey = "agent:" + message.idempotencyKey();
        String key = DedupeKey.of(message.conversationId(), "AGENT", questionKey, null, message.keyClaimedAt());
        return insertAll(List.of(new NewSend(message.businessId(), message.conversationId(), key, null, "AGENT",
                "AGENT", questionKey, message.text(), message.recipient(), null, null,
                windows.lastRoute(message.conversationId()), Traces.current()))).getFirst();
    }

    /** Inserts in the given order; a key already taken, by another row or an earlier send of the batch, collides. */
    private List<Accepted> insertAll(List<NewSend> sends) {
        Map<String, Long> created = idsByKey(jdbc.sql("""
                INSERT INTO outbound_message (business_id, conversation_id, dedupe_key, inbound_message_id, origin,
                    reply_type, question_key, text, recipient_phone, recipient_wa_id, recipient_bsuid, recipient_lid,
                    last_inbound_at, traceparent, inbound_received_at, channel, gateway_instance)
                SELECT business, conversation, dedupe, inbound, origin, reply_type, question, body, phone, wa_id,
                       bsuid, lid, last_inbound, trace, received, channel, instance
                FROM unnest(CAST(:business AS text[]), CAST(:conversation AS bigint[]), CAST(:dedupe AS text[]),
                            CAST(:inbound AS bigint[]), CAST(:origin AS text[]), CAST(:replyType AS text[]),
                            CAST(:question AS text[]), CAST(:body AS text[]), CAST(:phone AS text[]),
                            CAST(:waId AS text[]), CAST(:bsuid AS text[]), CAST(:lid AS text[]),
                            CAST(:lastInbound AS timestamptz[]), CAST(:trace AS text[]),
                            CAST(:received AS timestamptz[]), CAST(:channel AS text[]), CAST(:instance AS text[]))
                     WITH ORDINALITY AS s (business, conversation, dedupe, inbound, origin, reply_type, question, body,
                                           phone, wa_id, bsuid, lid, last_inbound, trace, received, channel, instance,
                                           position)
                ORDER BY position
                ON CONFLICT (dedupe_key) DO NOTHING
                RETURNING dedupe_key, id
                """)
                .param("business", column(sends, NewSend::businessId))
                .param("conversation", sends.stream().map(NewSend::conversationId).toArray(Long[]::new))
                .param("dedupe", column(sends, NewSend::dedupeKey))
                .param("inbound", sends.stream().map(NewSend::inboundMessageId).toArray(Long[]::new))
                .param("origin", column(sends, NewSend::origin))
                .param("replyType", column(sends, NewSend::replyType))
                .param("question", column(sends, NewSend::questionKey))
                .param("body", column(sends, NewSend::text))
                .param("phone", column(sends, s -> s.to() == null ? null : s.to().phoneE164()))
                .param("waId", column(sends, s -> s.to() == null ? null : s.to().waId()))
                .param("bsuid", column(sends, s -> s.to() == null ? null : s.to().bsuid()))
                .param("lid", column(sends, s -> s.to() == null ? null : s.to().lid()))
                .param("lastInbound", column(sends,
                        s -> s.lastInboundAt() == null ? null : s.lastInboundAt().toString()))
                .param("trace", column(sends, NewSend::traceparent))
                .param("received", column(sends,
                        s -> s.inboundReceivedAt() == null ? null : s.inboundReceivedAt().toString()))
                .param("channel", column(sends, s -> s.route().channel().name()))
                .param("instance", column(sends, s -> s.route().gatewayInstance())));
        if (!created.isEmpty()) {
            AfterCommit.runOnce(signal, signal::wake);
        }
        List<Accepted> accepted = new ArrayList<>(sends.size());
        List<NewSend> collided = new ArrayList<>();
        for (NewSend send : sends) {
            Long id = created.remove(send.dedupeKey()); // only the batch's first send of a key created its row
            accepted.add(id == null ? null : new Accepted(id, send.dedupeKey(), true));
            if (id == null) {
                collided.add(send);
            }
        }
        if (!collided.isEmpty()) {
            Map<String, Long> existing = recordCollisions(collided);
            for (int i = 0; i < accepted.size(); i++) {
                if (accepted.get(i) == null) {
                    String key = sends.get(i).dedupeKey();
                    accepted.set(i, new Accepted(existing.get(key), key, false));
                }
            }
        }
        return accepted;
    }

    /** Counts and records the collisions; answers the rows that hold their keys. */
    private Map<String, Long> recordCollisions(List<NewSend> collided) {
        jdbc.sql("""
                INSERT INTO dedupe_collision (dedupe_key, business_id, conversation_id)
                SELECT * FROM unnest(CAST(:keys AS text[]), CAST(:businesses AS text[]),
                                     CAST(:conversations AS bigint[]))
                """)
                .param("keys", column(collided, NewSend::dedupeKey))
                .param("businesses", column(collided, NewSend::businessId))
                .param("conversations", collided.stream().map(NewSend::conversationId).toArray(Long[]::new))
                .update();
        collisions.increment(collided.size());
        return idsByKey(jdbc.sql(
                "SELECT dedupe_key, id FROM outbound_message WHERE dedupe_key = ANY(CAST(:keys AS text[]))")
                .param("keys", column(collided, NewSend::dedupeKey)));
    }

    private static Map<String, Long> idsByKey(JdbcClient.StatementSpec statement) {
        return statement.query((rs, n) -> Map.entry(rs.getString("dedupe_key"), rs.getLong("id"))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (first, again) -> first,
                        HashMap::new));
    }

    private static String[] column(List<NewSend> sends, Function<NewSend, String> value) {
        return sends.stream().map(value).toArray(String[]::new);
    }
}
