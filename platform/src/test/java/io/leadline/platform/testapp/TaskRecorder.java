package io.leadline.platform.testapp;

import io.leadline.contracts.conversation.AssignmentChanged;
import io.leadline.contracts.ops.OpsTaskRaised;
import io.leadline.platform.outbox.Outbox;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The application method: one state change and one outbox row; a task whose reason is "poison" fails until its
 * subject is {@link #cure cured} (the fix an operator deploys before re-driving a dead letter).
 */
@Service
public class TaskRecorder {

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final java.util.Set<String> cured = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Map<String, Integer> deadlocks = new java.util.concurrent.ConcurrentHashMap<>();

    TaskRecorder(JdbcClient jdbc, Outbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    @Transactional
    public void record(OpsTaskRaised task) {
        jdbc.sql("INSERT INTO task (subject) VALUES (:subject)").param("subject", task.subject()).update();
        // Loses as many deadlocks in a row as a record gets attempts in one transaction: only a retry of the
        // whole batch, after its locks are released, gets through.
        if ("deadlock-thrice".equals(task.reason())
                && deadlocks.merge(task.subject(), 1, Integer::sum) <= 3) {
            throw new org.springframework.dao.CannotAcquireLockException("deadlock detected (simulated)");
        }
        if ("poison".equals(task.reason()) && !cured.contains(task.subject())) {
            throw new IllegalStateException("task " + task.subject() + " is poison");
        }
        outbox.publish(new AssignmentChanged(task.businessId(), task.conversationId(), task.subject(),
                task.raisedAt()));
        if ("fails-after-publishing".equals(task.reason())) {
            throw new IllegalStateException("task " + task.subject() + " failed after publishing its event");
        }
    }

    @Transactional
    public void recordWithoutConsuming(String subject, long conversationId) {
        jdbc.sql("INSERT INTO task (subject) VALUES (:subject)").param("subject", subject).update();
        outbox.publish(new AssignmentChanged("platform-test", conversationId, subject, java.time.Instant.now()));
    }

    public void cure(String subject) {
        cured.add(subject);
    }

    public long count(String subject) {
        return jdbc.sql("SELECT count(*) FROM task WHERE subject = :subject").param("subject", subject)
                .query(Long.class).single();
    }
}
