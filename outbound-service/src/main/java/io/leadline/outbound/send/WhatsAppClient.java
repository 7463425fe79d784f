package io.leadline.outbound.send;

import io.leadline.contracts.Recipient;
import io.leadline.outbound.OutboundProperties;
import io.leadline.platform.trace.TraceparentInterceptor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
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
        this.apiVersion = graph.apiVersion();
        this.http = RestClient.builder()
                .baseUrl(graph.baseUrl())
                .requestFactory(SendCalls.requests(graph.connectTimeout(), graph.readTimeout()))
                .requestInterceptor(new TraceparentInterceptor())
                .defaultHeader("Authorization", "Bearer " + graph.accessToken())
                .build();
    }

    /**
     * Sends a text; returns the {@code wamid} WhatsApp gave it.
     *
     * @param callbackData comes back in the status webhooks as {@code biz_opaque_callback_data}
     * @throws WhatsAppSendException saying whether the message was refused, never left, or may have been sent
     */
    String sendText(String phoneNumberId, Recipient recipient, String text, String callbackData) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messaging_product", "whatsapp");
        body.put("recipient_type", "individual");
        if (hasPhone(recipient)) {
            body.put("to", recipient.address());
        } else {
            // Known only by a business-scoped user id: Meta addresses such a person by "recipient".
            body.put("recipient", recipient.bsuid());
        }
        body.put("type", "text");
        body.put("text", Map.of("preview_url", false, "body", text));
        body.put("biz_opaque_callback_data", callbackData);
        JsonNode answer;
        try {
            answer = http.post()
                    .uri("/{version}/{phoneNumberId}/messages", apiVersion, phoneNumberId)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(body)
                    .retrieve()
                    .body(JsonNode.class);
        } catch (RestClientResponseException refused) {
            int status = refused.getStatusCode().value();
            Integer code = errorCode(refused);
            throw new WhatsAppSendException(WhatsAppSendException.Kind.REFUSED, "WhatsApp answered " + status
                    + (code == null ? "" : " with error code " + code), status, code, refused);
        } catch (RestClientException failed) {
            throw SendCalls.unanswered("WhatsApp", failed);
        }
        String wamid = answer == null ? null : answer.path("messages").path(0).path("id").asString(null);
        if (wamid == null) {
            // A 200 without an id: WhatsApp took the request, so the message may well be out.
            throw new WhatsAppSendException(WhatsAppSendException.Kind.AMBIGUOUS,
                    "WhatsApp answered 200 without a message id", 200, null, null);
        }
        return wamid;
    }

    static boolean hasPhone(Recipient recipient) {
        return (recipient.waId() != null && !recipient.waId().isBlank())
                || (recipient.phoneE164() != null && !recipient.phoneE164().isBlank());
    }

    private static Integer errorCode(RestClientResponseException refused) {
        try {
            JsonNode error = refused.getResponseBodyAs(JsonNode.class);
            return error == null || !error.path("error").path("code").isNumber() ? null
                    : error.path("error").path("code").asInt();
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
