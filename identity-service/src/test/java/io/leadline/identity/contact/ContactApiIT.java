package io.leadline.identity.contact;

import static io.leadline.identity.contact.Inbound.jidAndLid;
import static io.leadline.identity.contact.Inbound.waId;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.contracts.EventTypes;
import io.leadline.contracts.identity.ContactUpdated;
import io.leadline.contracts.identity.ContactsMerged;
import io.leadline.identity.IdentityApplication;
import io.leadline.testkit.spring.LeadlineIntegrationTest;
import io.leadline.testkit.spring.TestInfrastructure;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(classes = IdentityApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@LeadlineIntegrationTest
class ContactApiIT {

    @LocalServerPort
    int port;

    @Autowired
    ContactResolver resolver;

    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aContactIsFoundByEveryFormOfItsIdentifiers() throws Exception {
        String digits = Inbound.indonesianMobile();
        String lid = Inbound.lid();
        resolver.resolve(Inbound.from("demo-id", jidAndLid(digits + ":7@s.whatsapp.net", lid + "@lid"), "Ayu"));

        List<String> forms = List.of(digits, "+" + digits, "0" + digits.substring(2), "+62 " + digits.substring(2),
                digits + "@c.us", digits + ":3@s.whatsapp.net", lid + "@lid", lid);
        var ids = forms.stream().map(form -> find(form, null)).toList();

        assertThat(ids).allSatisfy(found -> assertThat(found.size()).isEqualTo(1));
        assertThat(ids).extracting(found -> found.get(0).get("id").asLong()).containsOnly(ids.get(0).get(0)
                .get("id").asLong());
        assertThat(ids.get(0).get(0).get("phoneE164").asString()).isEqualTo("+" + digits);
        assertThat(find("+1 415 555 2671", null).size()).isZero();
        assertThat(find(digits, "demo-il").size()).as("another business does not know this person").isZero();
    }

    @Test
    void aNameTypedByHandWinsOverTheProfileNameAndIsPublished() throws Exception {
        String digits = Inbound.indonesianMobile();
        resolver.resolve(Inbound.from("demo-id", waId(digits), "Sari"));
        long id = find(digits, "demo-id").get(0).get("id").asLong();

        HttpResponse<String> patched = send("PATCH", "/api/contacts/" + id, "{\"name\":\"Ibu Sari (bakery)\"}");
        resolver.resolve(Inbound.from("demo-id", waId(digits), "Sari WA"));
        JsonNode after = body(send("GET", "/api/contacts/" + id, null));

        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(after.get("displayName").asString()).isEqualTo("Ibu Sari (bakery)");
        assertThat(after.get("nameSource").asString()).isEqualTo("MANUAL");
        assertThat(after.get("manualName").asString()).isEqualTo("Ibu Sari (bakery)");
        assertThat(after.get("profileName").asString()).as("the profile name is still stored").isEqualTo("Sari WA");
        assertThat(outboxCount(EventTypes.nameOf(ContactUpdated.class), "demo-id:contact:" + id)).isEqualTo(1);

        JsonNode cleared = body(send("PATCH", "/api/contacts/" + id, "{\"name\":\"\"}"));
        assertThat(cleared.get("displayName").asString()).isEqualTo("Sari WA");
        assertThat(cleared.get("nameSource").asString()).isEqualTo("PROFILE");
    }

    @Test
    void badRequestsGetProblemDetails() throws Exception {
        HttpResponse<String> missing = send("GET", "/api/contacts/999999", null);
        HttpResponse<String> noName = send("PATCH", "/api/contacts/1", "{}");
        HttpResponse<String> noIdentifier = send("GET", "/api/contacts", null);
        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(uri("/api/contacts?identifier=1")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(noName.statusCode()).isEqualTo(400);
        assertThat(noIdentifier.statusCode()).isEqualTo(400);
        assertThat(noToken.statusCode()).isEqualTo(401);
    }

    @Test
    void theBackfillNormalizesLegacyPhonesMergesTheDuplicatesAndChangesNothingTheSecondTime() throws Exception {
        // Stored before demo-id's region was configured: the national form stayed a raw identifier.
        long legacy = legacyContact("RAW", "0813-7777-1234", null);
        long byPhone = legacyContact("PHONE", "+6281377771234", "+6281377771234");
        // Stored before the Mexican "+52 1" repair.
        long mexican = legacyContact("PHONE", "+5215512345678", "+5215512345678");

        JsonNode dryRun = body(send("POST", "/api/admin/contacts/backfill", null));
        assertThat(dryRun.get("dryRun").asBoolean()).isTrue();
        assertThat(dryRun.get("changes").toString()).contains("MERGE").contains("+525512345678");
        assertThat(survivorOf(byPhone)).as("a dry run changes nothing").isEqualTo(byPhone);

        JsonNode executed = body(send("POST", "/api/admin/contacts/backfill?execute=true", null));
        JsonNode again = body(send("POST", "/api/admin/contacts/backfill?execute=true", null));

        assertThat(executed.get("dryRun").asBoolean()).isFalse();
        assertThat(executed.get("changeCount").asInt()).isEqualTo(dryRun.get("changeCount").asInt());
        assertThat(survivorOf(byPhone)).as("the older contact survives").isEqualTo(legacy);
        assertThat(find("0813-7777-1234", "demo-id").get(0).get("id").asLong()).isEqualTo(legacy);
        assertThat(body(send("GET", "/api/contacts/" + legacy, null)).get("phoneE164").asString())
                .isEqualTo("+6281377771234");
        assertThat(body(send("GET", "/api/contacts/" + mexican, null)).get("phoneE164").asString())
                .isEqualTo("+525512345678");
        assertThat(find("+52 55 1234 5678", "demo-id").get(0).get("id").asLong()).isEqualTo(mexican);
        assertThat(outboxCount(EventTypes.nameOf(ContactsMerged.class), "demo-id:contact:" + legacy)).isEqualTo(1);
        assertThat(again.get("changeCount").asInt()).as("the second run finds nothing to change").isZero();
    }

    @Test
    void aContactsEvidenceListsItsIdentifiersAndTheMergeThatMadeItOnePerson() throws Exception {
        String digits = Inbound.indonesianMobile();
        String lid = Inbound.lid();
        resolver.resolve(Inbound.from("demo-id", jidAndLid(null, lid + "@lid"), "Ayu"));
        long byLid = find(lid + "@lid", "demo-id").get(0).get("id").asLong();
        resolver.resolve(Inbound.from("demo-id", waId(digits), "Ayu"));
        long byPhone = find(digits, "demo-id").get(0).get("id").asLong();
        assertThat(byLid).isNotEqualTo(byPhone);
        resolver.resolve(Inbound.from("demo-id", jidAndLid(digits + "@s.whatsapp.net", lid + "@lid"), "Ayu"));

        JsonNode survivor = body(send("GET", "/api/contacts/" + Math.min(byLid, byPhone) + "/evidence", null));
        JsonNode loser = body(send("GET", "/api/contacts/" + Math.max(byLid, byPhone) + "/evidence", null));

        assertThat(survivor.get("mergedInto").isNull()).isTrue();
        assertThat(survivor.get("aliases").toString()).contains("\"LID\"", lid, "\"PHONE\"", "+" + digits);
        assertThat(survivor.get("merges")).hasSize(1);
        assertThat(survivor.get("merges").get(0).get("reason").asString()).isEqualTo("LID_LINKED_TO_PHONE");
        assertThat(survivor.get("merges").get(0).get("evidence").size()).isPositive();
        assertThat(loser.get("mergedInto").asLong()).isEqualTo(Math.min(byLid, byPhone));
        assertThat(loser.get("merges")).hasSize(1);
        assertThat(send("GET", "/api/contacts/987654321/evidence", null).statusCode()).isEqualTo(404);
    }

    private long legacyContact(String kind, String value, String phone) {
        long id = jdbc.sql("SELECT nextval('contact_id_seq')").query(Long.class).single();
        jdbc.sql("INSERT INTO contact (id, business_id, phone_e164, phone_valid) VALUES (:id, 'demo-id', :phone, false)")
                .param("id", id).param("phone", phone).update();
        jdbc.sql("INSERT INTO contact_identity (business_id, kind, value, contact_id) VALUES ('demo-id', :kind, :value, :id)")
                .param("kind", kind).param("value", value).param("id", id).update();
        return id;
    }

    private long survivorOf(long id) {
        return jdbc.sql("SELECT coalesce(merged_into, id) FROM contact WHERE id = :id").param("id", id)
                .query(Long.class).single();
    }

    private long outboxCount(String type, String key) {
        return jdbc.sql("SELECT count(*) FROM outbox_event WHERE event_type = :type AND record_key = :key")
                .param("type", type).param("key", key).query(Long.class).single();
    }

    private JsonNode find(String identifier, String business) {
        String query = "?identifier=" + URLEncoder.encode(identifier, StandardCharsets.UTF_8)
                + (business == null ? "" : "&businessId=" + business);
        try {
            return body(send("GET", "/api/contacts" + query, null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + TestInfrastructure.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode body(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
