package io.leadline.testkit.whatsapp;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulator's Cloud API side, speaking the Graph API's send endpoint: {@code POST /{version}/{phoneNumberId}/
 * messages} with a bearer token answers with a {@code wamid} and records the send, validating the body as Meta does
 * (its error bodies and codes, {@link GraphErrors}). Faults come from the simulator's {@link FaultPlan}.
 */
final class GraphApi {

    static final Pattern SEND_PATH = Pattern.compile("^/(v\\d+\\.\\d+)/([^/]+)/messages/?$");

    private final String accessToken;
    private final JsonMapper json;
    private final Consumer<RecordedSend> onAccepted;
    // A queue, not a copy-on-write list: the benchmark records tens of thousands of sends.
    private final Queue<RecordedSend> sends = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, Integer> requestsByRecipient = new ConcurrentHashMap<>();

    /** What to answer: a status and a body, and the fault that delays or cuts a successful answer. */
    record Answer(int status, Object body, Fault fault) {
    }

    /**
     * @param accessToken the bearer token sends must carry, or null to accept any bearer token
     * @param onAccepted  told of every accepted send (the customers' status callbacks)
     */
    GraphApi(String accessToken, JsonMapper json, Consumer<RecordedSend> onAccepted) {
        this.accessToken = accessToken;
        this.json = json;
        this.onAccepted = onAccepted;
    }

    List<RecordedSend> sends() {
        return List.copyOf(sends);
    }

    List<RecordedSend> sendsTo(String to) {
        return sends.stream().filter(send -> to.equals(send.to())).toList();
    }

    int requests() {
        return requests.get();
    }

    int requestsTo(String to) {
        return requestsByRecipient.getOrDefault(to, 0);
    }

    void reset() {
        sends.clear();
        requests.set(0);
        requestsByRecipient.clear();
    }

    Answer send(String version, String phoneNumberId, String authorization, String traceparent, byte[] raw,
            FaultPlan faults) {
        boolean authorized = authorization != null && authorization.startsWith("Bearer ")
                && (accessToken == null ? authorization.length() > 7 : authorization.equals("Bearer " + accessToken));
        if (!authorized) {
            return new Answer(401, GraphErrors.invalidToken(), null);
        }
        JsonNode body;
        try {
            body = json.readTree(raw);
        } catch (RuntimeException e) {
            return new Answer(400, GraphErrors.invalidParameter("The request body is not valid JSON"), null);
        }
        // A person known only by a business-scoped user id is addressed by "recipient" instead of "to".
        String to = text(body, "to") != null ? text(body, "to") : text(body, "recipient");
        String type = body.path("type").asString("text");
        if (!"whatsapp".equals(text(body, "messaging_product"))) {
            return new Answer(400, GraphErrors.invalidParameter("messaging_product must be whatsapp"), null);
        }
        if (to == null || to.isBlank()) {
            return new Answer(400, GraphErrors.invalidParameter("The parameter to is required."), null);
        }
        String text = "text".equals(type) ? body.path("text").path("body").asString(null) : null;
        if ("text".equals(type) && (text == null || text.isBlank())) {
            return new Answer(400, GraphErrors.invalidParameter("The parameter text['body'] is required."), null);
        }
        requests.incrementAndGet();
        requestsByRecipient.merge(to, 1, Integer::sum);
        Fault fault = faults.take(to).orElse(null);
        if (fault instanceof Fault.GraphError error) {
            return new Answer(error.httpStatus(), GraphErrors.injected(error.code()), null);
        }
        String wamid = "wamid.SIM" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
        RecordedSend accepted = new RecordedSend(wamid, version, phoneNumberId, to, type, text,
                text(body, "biz_opaque_callback_data"), traceparent, Instant.now());
        sends.add(accepted);
        onAccepted.accept(accepted);
        return new Answer(200, Map.of(
                "messaging_product", "whatsapp",
                "contacts", List.of(Map.of("input", to, "wa_id", to)),
                "messages", List.of(Map.of("id", wamid))), fault);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
