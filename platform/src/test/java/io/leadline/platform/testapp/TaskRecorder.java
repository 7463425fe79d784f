package io.leadline.platform.testapp;

import io.leadline.contracts.conversation.AssignmentChanged;
import io.leadline.contracts.ops.OpsTaskRaised;
import io.leadline.platform.outbox.Outbox;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The application method: one state change and one outbox row; a task whose reason is "poison" always fails. */
@Service
public class TaskRecorder {

    private final JdbcClient jdbc;
    private final Outbox outbox;

    TaskRecorder(JdbcClient jdbc, Outbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    @Transactional
    public void record(OpsTaskRaised task) {
        jdbc.sql("INSERT INTO task (subject) VALUES (:subject)").param("subject", task.subject()).update();
        if ("poison".equals(task.reason())) {
            throw new IllegalStateException("task " + task.subject() + " is poison");
        }
        outbox.publish(new AssignmentChanged(task.businessId(), task.conversationId(), task.subject(),
                task.raisedAt()));
    }

    @Transactional
    public void recordWithoutConsuming(String subject, long conversationId) {
        jdbc.sql("INSERT INTO task (subject) VALUES (:subject)").param("subject", subject).update();
        outbox.publish(new AssignmentChanged("platform-test", conversationId, subject, java.time.Instant.now()));
    }

    public long count(String subject) {
        return jdbc.sql("SELECT count(*) FROM task WHERE subject = :subject").param("subject", subject)
                .query(Long.class).single();
    }
}
