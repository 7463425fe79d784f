package io.leadline.outbound.send;

import io.leadline.contracts.outbound.OutboundFailed;
import io.leadline.contracts.outbound.OutboundOutcomeUnknown;
import io.leadline.contracts.outbound.OutboundSent;
import io.leadline.outbound.OutboundProperties;
import io.leadline.platform.outbox.Outbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records what became of sends, with the events they publish and the ops tasks they raise. Each update names the
 * state it leaves, so an outcome recorded twice, or after the sweeper, changes nothing. Outcomes that arrive
 * together share a transaction; if that fails, each is recorded alone, so one outcome never takes another down.
 */
@Component
class Outcomes {

    private static final Logger log = LoggerFactory.getLogger(Outcomes.class);

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final OpsTasks tasks;
    private final TransactionTemplate transactions;
    private final int maxAttempts;
    private final MeterRegistry meters;
    private final Timer endToEnd;
    private final StatusReconciler statuses;
    private final RowLocks locks;

    Outcomes(JdbcClient jdbc, Outbox outbox, OpsTasks tasks, StatusReconciler statuses, RowLocks locks,
            TransactionTemplate transactions, OutboundProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.locks = locks;
        this.statuses = statuses;
        this.outbox = outbox;
        this.tasks = tasks;
        this.transactions = transactions;
        this.maxAttempts = properties.retry().maxAttempts();
        this.meters = meters;
        this.endToEnd = Timer.builder("leadline.e2e.latency")
                .description("From the ingest accepting a customer's webhook to the reply's request to WhatsApp")
                .publishPercentileHistogram()
                .register(meters);
        // At zero from the start: the alerts' increase() cannot see the first UNKNOWN of a series born with it.
        List.of("sent", "retry", "failed", "unknown", "put_back").forEach(this::counter);
    }

    /** Never throws: an outcome that cannot be recorded leaves its row SENDING, and the sweeper makes it UNKNOWN. */
    void record(List<SendOutcome> outcomes) {
        if (!outcomes.isEmpty() && !recorded(outcomes) && outcomes.size() > 1) {
            outcomes.forEach(outcome -> recorded(List.of(outcome)));
        }
    }

    private boolean recorded(List<SendOutcome> outcomes) {
        try {
            transactions.executeWithoutResult(tx -> apply(outcomes));
            return true;
        } catch (RuntimeException failed) {
            log.error("Could not record the outcomes of sends {}: {}",
                    outcomes.stream().map(outcome -> outcome.send().id()).toList(), failed.toString());
            return false;
        }
    }

    private void apply(List<SendOutcome> outcomes) {
        locks.lockInIdOrder(outcomes.stream().map(outcome -> outcome.send().id()).toList());
        List<SendOutcome.Sent> sent = new ArrayList<>();
        for (SendOutcome outcome : outcomes) {
            switch (outcome) {
                case SendOutcome.Sent success -> sent.add(success);
                case SendOutcome.Retry retry when retry.send().attempts() < maxAttempts -> retry(retry);
                case SendOutcome.Retry exhausted -> failed(new SendOutcome.Failed(exhausted.send(),
                        "RETRIES_EXHAUSTED after " + exhausted.send().attempts() + " attempts: " + exhausted.reason(),
                        exhausted.errorCode()), "SENDING");
                case SendOutcome.Failed failed -> failed(failed, "SENDING");
                case SendOutcome.Unknown unknown -> unknown(unknown.send().id(), unknown.send().businessId(),
                        unknown.send().conversationId(), unknown.send().dedupeKey(), unknown.reason());
                case SendOutcome.NotAttempted untried -> putBack(untried);
            }
        }
        if (!sent.isEmpty()) {
            sent(sent);
        }
    }

    /** Successes arriving together in one statement: the common case, so the one that decides throughput. */
    private void sent(List<SendOutcome.Sent> sent) {
        // UNKNOWN too: the sweeper may have given up on a call that then came back with its answer.
        Map<Long, Timestamp> updated = new HashMap<>();
        jdbc.sql("""
                UPDATE outbound_message m SET status = 'SENT', provider_message_id = v.wamid, sent_at = v.at,
                                              updated_at = now()
                FROM unnest(CAST(:ids AS bigint[]), CAST(:wamids AS text[]), CAST(:ats AS timestamptz[]))
                     AS v (id, wamid, at)
                WHERE m.id = v.id AND m.status IN ('SENDING', 'UNKNOWN')
                RETURNING m.id, m.inbound_received_at
                """)
                .param("ids", sent.stream().map(s -> s.send().id()).toArray(Long[]::new))
                .param("wamids", sent.stream().map(SendOutcome.Sent::wamid).toArray(String[]::new))
                .param("ats", sent.stream().map(s -> s.requestedAt().toString()).toArray(String[]::new))
                .query((rs, n) -> updated.put(rs.getLong(1), rs.getTimestamp(2)))
                .list();
        for (SendOutcome.Sent success : sent) {
            ClaimedSend send = success.send();
            if (updated.containsKey(send.id())) {
                Timestamp receivedAt = updated.get(send.id());
                if (receivedAt != null) {
                    endToEnd.record(Duration.between(receivedAt.toInstant(), success.requestedAt()));
                }
                outbox.publish(new OutboundSent(send.businessId(), send.conversationId(), send.id(),
                        send.dedupeKey(), send.replyType(), send.questionKey(), send.text(), send.recipient(),
                        success.wamid(), success.requestedAt(), send.channel()));
                count("sent");
            }
        }
        statuses.applyEarly(updated.keySet());
    }

    private void retry(SendOutcome.Retry retry) {
        jdbc.sql("""
                UPDATE outbound_message SET status = 'PENDING', last_error = :reason, error_code = :code,
                    next_attempt_at = now() + make_interval(secs => :delay), updated_at = now()
                WHERE id = :id AND status = 'SENDING'
                """)
                .param("reason", retry.reason())
                .param("code", retry.errorCode())
                .param("delay", retry.delay().toMillis() / 1000.0)
                .param("id", retry.send().id())
                .update();
        count("retry");
    }

    /** The request was never started: the row is due again at once, and this attempt does not count. */
    private void putBack(SendOutcome.NotAttempted untried) {
        int updated = jdbc.sql("""
                UPDATE outbound_message SET status = 'PENDING', attempts = attempts - 1, sending_at = NULL,
                                            next_attempt_at = now(), updated_at = now()
                WHERE id = :id AND status = 'SENDING'
                """)
                .param("id", untried.send().id())
                .update();
        if (updated == 1) {
            log.info("Send {} put back unattempted: {}", untried.send().id(), untried.reason());
            count("put_back");
        }
    }

    /** A row that broke a rule at claim time: FAILED straight from PENDING, in the claim's transaction. */
    void failUnclaimed(ClaimedSend send, String reason) {
        failed(new SendOutcome.Failed(send, reason, null), "PENDING");
    }

    private void failed(SendOutcome.Failed failed, String from) {
        ClaimedSend send = failed.send();
        int updated = jdbc.sql("""
                UPDATE outbound_message SET status = 'FAILED', last_error = :reason, error_code = :code,
                                            updated_at = now()
                WHERE id = :id AND status = :from
                """)
                .param("reason", failed.reason())
                .param("code", failed.errorCode())
                .param("id", send.id())
                .param("from", from)
                .update();
        if (updated == 1) {
            outbox.publish(new OutboundFailed(send.businessId(), send.conversationId(), send.id(), send.dedupeKey(),
                    failed.reason(), failed.errorCode(), Instant.now()));
            tasks.raise(failed.reason().startsWith(SendRules.WINDOW_CLOSED) ? OpsTasks.WINDOW_CLOSED
                    : OpsTasks.SEND_FAILED, send.businessId(), send.conversationId(), send.id(), failed.reason(),
                    failed.errorCode());
            count("failed");
        }
    }

    void unknown(long id, String businessId, long conversationId, String dedupeKey, String reason) {
        int updated = jdbc.sql("""
                UPDATE outbound_message SET status = 'UNKNOWN', last_error = :reason, updated_at = now()
                WHERE id = :id AND status = 'SENDING'
                """)
                .param("reason", reason)
                .param("id", id)
                .update();
        if (updated == 1) {
            outbox.publish(new OutboundOutcomeUnknown(businessId, conversationId, id, dedupeKey, reason,
                    Instant.now()));
            tasks.raise(OpsTasks.SEND_UNKNOWN, businessId, conversationId, id, reason, null);
            count("unknown");
            // A status that overtook the timed-out answer settles the row at once.
            statuses.applyEarly(List.of(id));
        }
    }

    private void count(String outcome) {
        counter(outcome).increment();
    }

    private Counter counter(String outcome) {
        return Counter.builder("leadline.outbound.sends")
                .description("Send attempts by outcome: sent, retry, failed, unknown, put_back")
                .tag("outcome", outcome)
                .register(meters);
    }
}
