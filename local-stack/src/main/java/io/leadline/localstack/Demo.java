package io.leadline.localstack;

import io.leadline.testkit.whatsapp.MetaWebhooks;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A short scripted conversation: a customer writes in (signed webhooks, as Meta posts them), Leadline answers
 * through the simulator, and the inbox is printed the way the conversation API shows it.
 */
final class Demo {

    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    private final LocalStack stack;
    private final String appSecret;
    private final String adminToken;
    private final String phoneNumberId;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    Demo(LocalStack stack, String appSecret, String adminToken, String phoneNumberId, PrintStream out) {
        this.stack = stack;
        this.appSecret = appSecret;
        this.adminToken = adminToken;
        this.phoneNumberId = phoneNumberId;
        this.out = out;
    }

    void run() throws Exception {
        // A new customer each run: the local stack's database outlives it.
        String waId = "628131" + (1_000_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(8_999_999));
        List<String> script = List.of(
                "Hi! I saw your ad, I need a new website for my bakery",
                "I'm in Jakarta, and I'd like it done next month");
        out.println();
        out.println("Demo: a customer (+" + waId + ") writes to business demo-id");
        for (String line : script) {
            int sendsBefore = stack.simulator().sendsTo(waId).size();
            out.println("  customer  > " + line);
            postWebhook(waId, "Ayu Lestari", line);
            awaitReply(waId, sendsBefore).ifPresentOrElse(
                    reply -> out.println("  leadline  < " + reply),
                    () -> out.println("  leadline  (no reply within " + REPLY_TIMEOUT.toSeconds() + " s)"));
        }
        printInbox(waId);
    }

    private void postWebhook(String waId, String name, String text) throws Exception {
        byte[] body = MetaWebhooks.textMessage(phoneNumberId, waId, name, "wamid.DEMO" + UUID.randomUUID(), text,
                Instant.now());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(stack.url(Service.INGEST) + "/webhooks/whatsapp"))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", MetaWebhooks.signature(body, appSecret))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("ingest answered " + response.statusCode() + ": " + response.body());
        }
    }

    private java.util.Optional<String> awaitReply(String to, int sendsBefore) throws InterruptedException {
        long deadline = System.nanoTime() + REPLY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            var sends = stack.simulator().sendsTo(to);
            if (sends.size() > sendsBefore) {
                return java.util.Optional.ofNullable(sends.getLast().text());
            }
            Thread.sleep(50);
        }
        return java.util.Optional.empty();
    }

    /** The newest conversations as the inbox lists them, and the demo's thread in full. */
    private void printInbox(String waId) throws Exception {
        String base = stack.url(Service.CONVERSATION);
        JsonNode conversations = get(base + "/api/conversations?limit=5");
        out.println();
        out.println("Inbox (GET " + base + "/api/conversations), newest first:");
        for (JsonNode conversation : conversations) {
            out.printf("  #%d %-20s %-6s %s%n", conversation.path("id").asLong(),
                    conversation.path("displayName").asString(), conversation.path("status").asString().toLowerCase(),
                    conversation.path("lastActivityAt").asString());
        }
        JsonNode newest = conversations.get(0);
        JsonNode messages = get(base + "/api/conversations/" + newest.path("id").asLong() + "/messages");
        out.println();
        out.println("Conversation #" + newest.path("id").asLong() + " with +" + waId + " (" + messages.size()
                + " messages, both directions):");
        for (JsonNode message : messages) {
            String arrow = "INBOUND".equals(message.path("direction").asString()) ? "customer  >" : "leadline  <";
            out.println("  " + arrow + " " + message.path("text").asString(""));
        }
        out.println();
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + adminToken).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + response.statusCode());
        }
        return json.readTree(response.body());
    }
}
