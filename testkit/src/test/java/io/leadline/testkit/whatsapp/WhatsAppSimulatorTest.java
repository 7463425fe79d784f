package io.leadline.testkit.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WhatsAppSimulatorTest {

    private final WhatsAppSimulator simulator = WhatsAppSimulator.start(0, "token-1");
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void aTextSendIsAnsweredWithAWamidAndRecorded() throws Exception {
        var response = send("Bearer token-1", """
                {"messaging_product":"whatsapp","recipient_type":"individual","to":"6281312345678",
                 "type":"text","text":{"body":"Hi!"},"biz_opaque_callback_data":"outbound-7"}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(simulator.sends()).singleElement().satisfies(send -> {
            assertThat(response.body()).contains(send.wamid());
            assertThat(send.to()).isEqualTo("6281312345678");
            assertThat(send.text()).isEqualTo("Hi!");
            assertThat(send.callbackData()).isEqualTo("outbound-7");
            assertThat(send.phoneNumberId()).isEqualTo("15550000001");
        });
    }

    @Test
    void aWrongTokenIsRefusedLikeGraphApiAndNothingIsRecorded() throws Exception {
        var response = send("Bearer wrong", """
                {"messaging_product":"whatsapp","to":"1","type":"text","text":{"body":"x"}}""");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"code\":190");
        assertThat(simulator.sends()).isEmpty();
    }

    @Test
    void aSendWithoutRecipientIsAnInvalidParameter() throws Exception {
        var response = send("Bearer token-1", """
                {"messaging_product":"whatsapp","type":"text","text":{"body":"x"}}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":100");
        assertThat(simulator.sends()).isEmpty();
    }

    @Test
    void aFaultPlannedOverHttpAnswersTheNextSendsWithMetasErrorUntilItIsUsedUpOrCleared() throws Exception {
        String text = """
                {"messaging_product":"whatsapp","to":"6281312345678","type":"text","text":{"body":"x"}}""";
        assertThat(sim("POST", "/sim/faults", "{\"times\":1,\"status\":429,\"code\":130429}").body())
                .contains("\"remaining\":1");

        var throttled = send("Bearer token-1", text);
        var next = send("Bearer token-1", text);

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.body()).contains("\"code\":130429");
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(simulator.sends()).hasSize(1);

        sim("POST", "/sim/faults", "{\"times\":5,\"status\":500}");
        assertThat(sim("DELETE", "/sim/faults", "").body()).contains("\"remaining\":0");
        assertThat(send("Bearer token-1", text).statusCode()).isEqualTo(200);
        assertThat(sim("POST", "/sim/faults", "{\"times\":1}").statusCode()).as("names no fault").isEqualTo(400);
    }

    private HttpResponse<String> sim(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String authorization, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v21.0/15550000001/messages"))
                        .header("Authorization", authorization)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
