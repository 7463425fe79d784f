package io.leadline.localstack.scenarios;

import io.leadline.localstack.LocalStack;
import io.leadline.localstack.Service;
import io.leadline.localstack.TestStacks;
import io.leadline.testkit.postgres.TestDatabase;
import io.leadline.testkit.whatsapp.RecordedGatewaySend;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A running stack as a scenario sees it: customers through the simulator, the services' APIs, their tables. */
final class Stack implements AutoCloseable {

    static final String DEMO_ID = "demo-id";

    private final TestDatabase database;
    private final LocalStack stack;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    private Stack(TestDatabase database, LocalStack stack) {
        this.database = database;
        this.stack = stack;
    }

    static Stack start(String purpose) {
        TestDatabase database = TestDatabase.create(purpose);
        return new Stack(database, TestStacks.start(database));
    }

    LocalStack local() {
        return stack;
    }

    TestDatabase database() {
        return database;
    }

    /** A customer writes, through the simulator's {@code POST /sim/customers/{phone}/messages}. */
    JsonNode customerWrites(String phone, Map<String, Object> request) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(stack.graphUrl()
                        + "/sim/customers/" + URLEncoder.encode(phone, StandardCharsets.UTF_8) + "/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("the simulator answered " + answer.statusCode() + ": " + answer.body());
        }
        return json.readTree(answer.body());
    }

    HttpResponse<String> postWebhook(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(stack.url(Service.INGEST) + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A customer writes through the demo business's gateway instance: an Evolution API {@code messages.upsert}
     * posted to the ingest, with the gateway key in the body.
     */
    HttpResponse<String> gatewayWrites(String remoteJid, String remoteJidAlt, String text) throws Exception {
        String id = "3EB0" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        return postWebhook("/webhooks/gateway", """
                {"event": "messages.upsert", "instance": "demo-id", "apikey": "local-gateway-secret",
                 "data": {"key": {"remoteJid": "%s", %s"fromMe": false, "id": "%s"},
                          "pushName": "Ayu", "message": {"conversation": "%s"},
                          "messageType": "conversation", "messageTimestamp": %d}}
                """.formatted(remoteJid, remoteJidAlt == null ? ""
                : "\"remoteJidAlt\": \"" + remoteJidAlt + "\", \"addressingMode\": \"lid\", ", id, text,
                System.currentTimeMillis() / 1000));
    }

    JsonNode get(Service service, String path) throws Exception {
        return json.readTree(call(service, "GET", path, null).body());
    }

    HttpResponse<String> call(Service service, String method, String path, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.url(service) + path))
                .header("Authorization", "Bearer " + TestStacks.ADMIN_TOKEN)
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    long count(String sql, Object... params) throws Exception {
        return (Long) rows(sql, params).getFirst().get(0);
    }

    List<List<Object>> rows(String sql, Object... params) throws Exception {
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int c = 1; c <= result.getMetaData().getColumnCount(); c++) {
                        row.add(result.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    /** The contacts an identifier, in any form, finds through identity-service's API. */
    List<Long> contactsOf(String identifier) throws Exception {
        List<Long> ids = new ArrayList<>();
        get(Service.IDENTITY, "/api/contacts?businessId=" + DEMO_ID + "&identifier="
                + URLEncoder.encode(identifier, StandardCharsets.UTF_8)).forEach(contact -> ids.add(contact.path("id").asLong()));
        return ids;
    }

    /** Sends the simulator accepted for this recipient (digits, as the Graph API got them). */
    long sendsTo(String digits) {
        return stack.simulator().sends().stream().filter(send -> digits.equals(send.to())).count();
    }

    /** Sends the simulated gateway accepted for this number (digits, or a JID such as {@code …@lid}). */
    List<RecordedGatewaySend> gatewaySendsTo(String number) {
        return stack.simulator().gatewaySends().stream().filter(send -> number.equals(send.number())).toList();
    }

    @Override
    public void close() {
        stack.close();
        database.close();
    }
}
