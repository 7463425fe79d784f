package io.leadline.outbound.send;

import io.leadline.outbound.OutboundProperties;
import io.leadline.platform.trace.TraceparentInterceptor;
import java.net.http.HttpClient;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;

/** The WhatsApp Cloud API's send endpoint: {@code POST /{version}/{phone-number-id}/messages}. */
@Component
class WhatsAppClient {

    private final RestClient http;
    private final String apiVersion;

    WhatsAppClient(OutboundProperties properties) {
        OutboundProperties.Graph graph = properties.graph();
        HttpClient client = HttpClient.newBuilder().connectTimeout(graph.connectTimeout()).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(graph.readTimeout());
        this.apiVersion = graph.apiVersion();
        this.http = RestClient.builder()
                .baseUrl(graph.baseUrl())
                .requestFactory(requests)
                .requestInterceptor(new TraceparentInterceptor())
                .defaultHeader("Authorization", "Bearer " + graph.accessToken())
                .build();
    }

    /** Sends a text; returns the {@code wamid} WhatsApp gave it. */
    String sendText(String phoneNumberId, String to, String text, String callbackData) {
        Map<String, Object> body = Map.of(
                "messaging_product", "whatsapp",
                "recipient_type", "individual",
                "to", to,
                "type", "text",
                "text", Map.of("preview_url", false, "body", text),
                "biz_opaque_callback_data", callbackData);
        try {
            JsonNode answer = http.post()
                    .uri("/{version}/{phoneNumberId}/messages", apiVersion, phoneNumberId)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(body)
                    .retrieve()
                    .body(JsonNode.class);
            String wamid = answer == null ? null : answer.path("messages").path(0).path("id").asString(null);
            if (wamid == null) {
                throw new WhatsAppSendException("WhatsApp answered without a message id", 200, null, null);
            }
            return wamid;
        } catch (RestClientResponseException refused) {
            JsonNode error = refused.getResponseBodyAs(JsonNode.class);
            Integer code = error == null || !error.path("error").path("code").isNumber() ? null
                    : error.path("error").path("code").asInt();
            throw new WhatsAppSendException("WhatsApp answered " + refused.getStatusCode().value()
                    + (code == null ? "" : " with error code " + code), refused.getStatusCode().value(), code, refused);
        } catch (RestClientException unreachable) {
            throw new WhatsAppSendException("WhatsApp could not be reached: " + unreachable.getMessage(), 0, null,
                    unreachable);
        }
    }
}
