package io.leadline.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.platform.testapp.PlatformTestApplication;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The platform's housekeeping deletes what is past its retention, chunk after chunk, and nothing else. */
@SpringBootTest(classes = PlatformTestApplication.class)
@LeadlineIntegrationTest
class HousekeepingIT {

    @Autowired
    RetentionPurge housekeeping;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void publishedOutboxRowsPastTheRetentionAreDeletedInChunksAndYoungerOnesKept() {
        String old = "old-" + UUID.randomUUID();
        String young = "young-" + UUID.randomUUID();
        int expired = RetentionPurge.CHUNK + 1;
        insertPublished(old, expired, "25 hours");
        insertPublished(young, 1, "1 hour");

        housekeeping.purge();

        assertThat(outboxRows(old)).isZero();
        assertThat(outboxRows(young)).isOne();
    }

    @Test
    void anOutboxRowNotYetPublishedIsKeptHoweverOldItIs() {
        String key = "unpublished-" + UUID.randomUUID();
        // In one transaction the relay cannot see (and publish) the row while the purge runs.
        long kept = transactions.execute(status -> {
            jdbc.sql("""
                    INSERT INTO outbox_event (event_id, topic, record_key, event_type, payload, created_at)
                    VALUES (gen_random_uuid(), 'nowhere', :key, 'test', '\\x00', now() - interval '30 days')
                    """).param("key", key).update();
            housekeeping.purge();
            status.setRollbackOnly();
            return outboxRows(key);
        });

        assertThat(kept).isOne();
    }

    @Test
    void rememberedEventIdsPastTheirRetentionAreForgottenAndYoungerOnesKept() {
        String consumer = "housekeeping-" + UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO processed_event (consumer, event_id, processed_at)
                VALUES (:consumer, 'old', now() - interval '8 days'), (:consumer, 'young', now() - interval '6 days')
                """).param("consumer", consumer).update();

        housekeeping.purge();

        assertThat(jdbc.sql("SELECT event_id FROM processed_event WHERE consumer = :consumer")
                .param("consumer", consumer).query(String.class).list()).containsExactly("young");
    }

    private void insertPublished(String key, int rows, String age) {
        jdbc.sql("""
                INSERT INTO outbox_event (event_id, topic, record_key, event_type, payload, created_at, published_at)
                SELECT gen_random_uuid(), 'nowhere', :key, 'test', '\\x00', now() - CAST(:age AS interval),
                       now() - CAST(:age AS interval)
                FROM generate_series(1, :rows)
                """).param("key", key).param("age", age).param("rows", rows).update();
    }

    private long outboxRows(String key) {
        return jdbc.sql("SELECT count(*) FROM outbox_event WHERE record_key = :key")
                .param("key", key).query(Long.class).single();
    }
}
