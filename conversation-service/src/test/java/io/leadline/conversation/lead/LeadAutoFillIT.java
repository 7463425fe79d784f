package io.leadline.conversation.lead;

import static io.leadline.conversation.Fixtures.inbound;
import static io.leadline.conversation.Fixtures.wamid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.contracts.Topics;
import io.leadline.conversation.Api;
import io.leadline.conversation.ConversationApplication;
import io.leadline.conversation.Fixtures.Person;
import io.leadline.platform.kafka.EventPublisher;
import io.leadline.platform.kafka.EventPublisher.Outgoing;
import io.leadline.testkit.kafka.TopicProbe;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@SpringBootTest(classes = ConversationApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@LeadlineIntegrationTest
class LeadAutoFillIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    EventPublisher publisher;

    @Autowired
    JdbcClient jdbc;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    @Test
    void aMessageFillsTheLeadAuditsEachFieldAndTheAcceptedEventCarriesIt() {
        Person ayu = Person.withPhone("ayu");
        try (TopicProbe accepted = TopicProbe.fromNow(bootstrap, Topics.CONVERSATION)) {
            String wamid = deliver(ayu, "Halo, nama saya Ayu. Saya butuh websiet di Jakarta, budget Rp 5.000.000, "
                    + "email ayu@contoh.co.id, bisa besok?");

            JsonNode lead = api.get("/api/leads/" + ayu.contactId()).json();
            assertThat(lead.path("fields").path("name").path("value").asString()).isEqualTo("Ayu");
            assertThat(lead.path("fields").path("serviceType").path("value").asString()).isEqualTo("website");
            assertThat(lead.path("fields").path("city").path("value").asString()).isEqualTo("Jakarta");
            assertThat(lead.path("fields").path("budget").path("value").asString()).isEqualTo("5000000 IDR");
            assertThat(lead.path("fields").path("email").path("value").asString()).isEqualTo("ayu@contoh.co.id");
            assertThat(lead.path("fields").path("preferredDate").path("source").asString()).isEqualTo("AUTO");
            long messageId = messageId(wamid);
            assertThat(lead.path("audit")).hasSize(6);
            lead.path("audit").forEach(change -> {
                assertThat(change.path("message_id").asLong()).isEqualTo(messageId);
                assertThat(change.path("old_value").isNull()).isTrue();
            });
            String event = TopicProbe.value(accepted.awaitCount(
                    record -> TopicProbe.value(record).contains(wamid), 1, WAIT).getFirst());
            assertThat(event).contains("\"serviceType\":\"website\"", "\"city\":\"Jakarta\"", "\"lastInboundAt\"");
        }
    }

    @Test
    void aManualEditSurvivesLaterExtractionAndNothingFoundClearsNothing() {
        Person budi = Person.withPhone("Budi");
        deliver(budi, "saya di Surabaya, mau bikin website");
        assertThat(field(budi, "city")).isEqualTo("Surabaya");

        assertThat(api.patch("/api/leads/" + budi.contactId(), "{\"city\":\"Bandung\"}").json()
                .path("fields").path("city").path("source").asString()).isEqualTo("MANUAL");
        String changed = deliver(budi, "eh sebenarnya di Medan, dan butuh SEO juga");
        deliver(budi, "ok makasih");

        assertThat(field(budi, "city")).as("a manual edit is never overwritten").isEqualTo("Bandung");
        assertThat(field(budi, "serviceType")).as("an automatic value follows the latest message").isEqualTo("seo");
        assertThat(jdbc.sql("""
                SELECT old_value || ' -> ' || new_value FROM lead_audit
                WHERE contact_id = :contact AND field = 'serviceType' AND message_id = :message
                """).param("contact", budi.contactId()).param("message", messageId(changed))
                .query(String.class).single()).isEqualTo("website -> seo");
        Map<String, Object> rows = jdbc.sql("SELECT count(*) AS n FROM lead_field WHERE contact_id = :contact")
                .param("contact", budi.contactId()).query().singleRow();
        assertThat(rows.get("n")).isEqualTo(2L);
    }

    private String field(Person person, String name) {
        return api.get("/api/leads/" + person.contactId()).json().path("fields").path(name).path("value").asString();
    }

    private long messageId(String wamid) {
        return jdbc.sql("SELECT id FROM message WHERE provider_message_id = :wamid").param("wamid", wamid)
                .query(Long.class).single();
    }

    /** Delivers a message and waits until it is stored: the lead is written in the same transaction. */
    private String deliver(Person person, String text) {
        String wamid = wamid();
        publisher.publishAll(List.of(new Outgoing(UUID.randomUUID().toString(),
                inbound(person, wamid, text, Instant.now()))));
        await().atMost(WAIT).until(() -> jdbc.sql("SELECT count(*) FROM message WHERE provider_message_id = :wamid")
                .param("wamid", wamid).query(Long.class).single() == 1);
        return wamid;
    }
}
