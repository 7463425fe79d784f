package io.leadline.testkit.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GatewayApiTest {

    private final WhatsAppSimulator simulator = WhatsAppSimulator.start(0, "token-1", "gateway-key");
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer ingest;

    @AfterEach
    void stop() {
        simulator.close();
        if (ingest != null) {
            ingest.stop(0);
        }
    }

    @Test
    void aGatewaySendToAnLidIsAnsweredWithItsKeyIdAndRecorded() throws Exception {
        var response = send("gateway-key", """
                {"number":"180149326516354@lid","text":"Halo kak"}""");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(simulator.gatewaySends()).singleElement().satisfies(send -> {
            assertThat(response.body()).contains("\"id\":\"" + send.messageId() + "\"", "\"fromMe\":true");
            assertThat(send.instance()).isEqualTo("evo-jakarta");
            assertThat(send.number()).isEqualTo("180149326516354@lid");
            assertThat(send.text()).isEqualTo("Halo kak");
        });
        assertThat(simulator.sends()).as("not a Graph API send").isEmpty();
    }

    @Test
    void aWrongApiKeyOrAMissingNumberIsRefusedAndNothingIsRecorded() throws Exception {
        assertThat(send("wrong", "{\"number\":\"6281312345678\",\"text\":\"x\"}").statusCode()).isEqualTo(401);
        assertThat(send("gateway-key", "{\"text\":\"x\"}").statusCode()).isEqualTo(400);

        assertThat(simulator.gatewaySends()).isEmpty();
    }

    @Test
    void anInjectedServerErrorIsAnsweredWithoutAMetaCode() throws Exception {
        simulator.faults().next(Fault.serverError());

        var response = send("gateway-key", "{\"number\":\"6281312345678\",\"text\":\"x\"}");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).doesNotContain("\"code\"");
        assertThat(simulator.gatewaySendRequests()).isEqualTo(1);
        assertThat(simulator.gatewaySends()).isEmpty();
    }

    @Test
    void anAcceptedSendIsEchoedToTheIngestAsEvolutionsSendMessageWebhook() throws Exception {
        List<String> webhooks = new CopyOnWriteArrayList<>();
        ingest = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ingest.createContext("/webhooks/gateway", exchange -> {
            webhooks.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        ingest.start();
        simulator.echoGatewaySendsTo("http://127.0.0.1:" + ingest.getAddress().getPort() + "/webhooks/gateway",
                "ingest-gateway-secret");

        send("gateway-key", "{\"number\":\"180149326516354@lid\",\"text\":\"Halo kak\"}");

        String id = simulator.gatewaySends().getFirst().messageId();
        await().atMost(Duration.ofSeconds(10)).until(() -> webhooks.size() == 1);
        assertThat(webhooks.getFirst()).contains("\"event\":\"send.message\"", "\"instance\":\"evo-jakarta\"",
                "\"apikey\":\"ingest-gateway-secret\"", "\"id\":\"" + id + "\"", "\"remoteJid\":\"180149326516354@lid\"");
    }

    private HttpResponse<String> send(String apiKey, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/message/sendText/evo-jakarta"))
                        .header("apikey", apiKey)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
