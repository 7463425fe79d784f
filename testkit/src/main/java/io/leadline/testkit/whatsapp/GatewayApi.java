package io.leadline.testkit.whatsapp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator's WhatsApp-Web gateway side, speaking Evolution API's send endpoint: {@code POST
 * /message/sendText/{instance}} with header {@code apikey} and {@code {"number": …, "text": …}} answers 201 with the
 * message's {@code key.id}. Faults come from the simulator's {@link FaultPlan}: an injected error answers its HTTP
 * status with Evolution's error body (no Meta code). Once {@link #echoTo} names the ingest, every accepted send is
 * echoed back as Evolution's {@code send.message} webhook, as a real gateway reports the business's own messages.
 */
final class GatewayApi {

    static final Pattern SEND_PATH = Pattern.compile("^/message/sendText/([^/]+)/?$");
    private static final int ECHO_ATTEMPTS = 20;

    private final String apiKey;
    private final JsonMapper json;
    private final Queue<RecordedGatewaySend> sends = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile Echo echo;

    /** Where accepted sends are echoed: the ingest's {@code /webhooks/gateway}, with the key Evolution puts in it. */
    private record Echo(URI webhookUrl, String apiKey) {
    }

    /** What to answer: a status and a body, and the fault that delays or cuts a successful answer. */
    record Answer(int status, Object body, Fault fault) {
    }

    /** @param apiKey the {@code apikey} sends must carry, or null to accept any */
    GatewayApi(String apiKey, JsonMapper json) {
        this.apiKey = apiKey;
        this.json = json;
    }

    void echoTo(String webhookUrl, String webhookApiKey) {
        echo = new Echo(URI.create(webhookUrl), webhookApiKey);
    }

    List<RecordedGatewaySend> sends() {
        return List.copyOf(sends);
    }

    int requests() {
        return requests.get();
    }

    void reset() {
        sends.clear();
        requests.set(0);
    }

    Answer send(String instance, String givenKey, String traceparent, byte[] raw, FaultPlan faults) {
        boolean authorized = givenKey != null && !givenKey.isBlank() && (apiKey == null || apiKey.equals(givenKey));
        if (!authorized) {
            return new Answer(401, error(401, "Unauthorized"), null);
        }
        JsonNode body;
        try {
            body = json.readTree(raw);
        } catch (RuntimeException e) {
            return new Answer(400, error(400, "The request body is not valid JSON"), null);
        }
        String number = body.path("number").asString(null);
        String text = body.path("text").asString(null);
        if (number == null || number.isBlank() || text == null || text.isBlank()) {
            return new Answer(400, error(400, "number and text are required"), null);
        }
        requests.incrementAndGet();
        Fault fault = faults.take(number).orElse(null);
        if (fault instanceof Fault.GraphError injected) {
            return new Answer(injected.httpStatus(), error(injected.httpStatus(), "Injected by the fault plan"), null);
        }
        String id = "3EB0" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        Instant now = Instant.now();
        RecordedGatewaySend accepted = new RecordedGatewaySend(id, instance, number, text, traceparent, now);
        sends.add(accepted);
        Map<String, Object> message = message(accepted);
        Thread.ofVirtual().start(() -> echo(accepted, message));
        return new Answer(201, message, fault);
    }

    private static Map<String, Object> message(RecordedGatewaySend send) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("key", Map.of("remoteJid", jid(send.number()), "fromMe", true, "id", send.messageId()));
        message.put("message", Map.of("conversation", send.text()));
        message.put("messageTimestamp", send.receivedAt().getEpochSecond());
        message.put("status", "PENDING");
        return message;
    }

    private static String jid(String number) {
        return number.contains("@") ? number : number + "@s.whatsapp.net";
    }

    /** Posts Evolution's {@code send.message} for an accepted send until the ingest takes it. */
    private void echo(RecordedGatewaySend send, Map<String, Object> message) {
        Echo target = echo;
        if (target == null) {
            return;
        }
        byte[] webhook = json.writeValueAsBytes(Map.of("event", "send.message", "instance", send.instance(),
                "apikey", target.apiKey(), "data", message));
        HttpRequest request = HttpRequest.newBuilder(target.webhookUrl()).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(webhook)).build();
        try {
            for (int attempt = 0; attempt < ECHO_ATTEMPTS; attempt++) {
                if (posted(request)) {
                    return;
                }
                Thread.sleep(Duration.ofMillis(250L * (attempt + 1))); // a gateway retries its webhooks too
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean posted(HttpRequest request) throws InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (java.io.IOException notUp) {
            return false;
        }
    }

    private static Map<String, Object> error(int status, String message) {
        return Map.of("status", status, "error", message, "response", Map.of("message", List.of(message)));
    }
}
