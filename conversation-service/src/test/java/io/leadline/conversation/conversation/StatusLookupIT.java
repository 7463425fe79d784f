package io.leadline.conversation.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.conversation.ConversationApplication;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What finding a batch of statuses' messages reads: a status names its message by business and provider id, not by
 * the channel it is stored under, and the unique key must serve that lookup whatever the table's size. Measured in
 * buffers on 20,000 messages of one business, rolled back afterwards; before the key put the provider id second, a
 * batch of 12 read the whole business's part of the index (2,944 buffers at 14,000 messages end to end).
 */
@SpringBootTest(classes = ConversationApplication.class)
@LeadlineIntegrationTest
class StatusLookupIT {

    private static final int MESSAGES = 20_000;
    private static final int STATUSES = 12;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aBatchOfStatusesReadsAFewPagesPerMessageWhateverTheTableSize() {
        JsonNode plan = transactions.execute(tx -> {
            tx.setRollbackOnly();
            long conversation = jdbc.sql("""
                    INSERT INTO conversation (business_id, canonical_key, contact_id, last_activity_at)
                    VALUES ('lookup-biz', 'lookup-key', 1, now()) RETURNING id
                    """).query(Long.class).single();
            jdbc.sql("""
                    INSERT INTO message (conversation_id, business_id, channel, provider_message_id, direction,
                                         message_type, text, sent_at, received_at)
                    SELECT :conversation, 'lookup-biz', CASE WHEN i % 2 = 0 THEN 'META_CLOUD' ELSE 'KAPSO' END,
                           'wamid.lookup-' || i, 'OUTBOUND', 'text', 'reply ' || i, now(), now()
                    FROM generate_series(1, :n) AS i
                    """).param("conversation", conversation).param("n", MESSAGES).update();
            List<String> wanted = IntStream.range(0, STATUSES)
                    .mapToObj(i -> "wamid.lookup-" + (i * 1_500 + 7)).toList();
            String businesses = "{" + String.join(",", Collections.nCopies(STATUSES, "lookup-biz")) + "}";
            String providerIds = "{" + String.join(",", wanted) + "}";
            // The lookup of StatusRounds: the statuses' (business, provider id) pairs joined to the messages.
            return json.readTree(jdbc.sql("""
                    EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)
                    SELECT m.id FROM unnest(CAST('%s' AS text[]), CAST('%s' AS text[])) AS s (business, provider_id)
                    JOIN message m ON m.business_id = s.business AND m.provider_message_id = s.provider_id
                    """.formatted(businesses, providerIds)).query(String.class).single()).get(0).get("Plan");
        });

        assertThat(plan.get("Actual Rows").asInt()).isEqualTo(STATUSES);
        int buffers = plan.get("Shared Hit Blocks").asInt() + plan.get("Shared Read Blocks").asInt();
        assertThat(buffers).as("buffers read for %d statuses among %d messages: %s", STATUSES, MESSAGES, plan)
                .isLessThanOrEqualTo(STATUSES * 6);
    }
}
