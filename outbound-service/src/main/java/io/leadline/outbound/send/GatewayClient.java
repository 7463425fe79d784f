package io.leadline.outbound.send;

import io.leadline.contracts.Recipient;
import io.leadline.outbound.OutboundProperties;
import io.leadline.platform.trace.TraceparentInterceptor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;

/**
 * A WhatsApp-Web gateway's send endpoint, Evolution API's {@code POST {baseUrl}/message/sendText/{instance}} with
 * the {@code apikey} header: the only way to reach a person WhatsApp shows only as an {@code @lid}. Its answers are
 * read like the Cloud API's (by HTTP status: a gateway gives no Meta error code), so the retry rules are the same.
 */
@Component
class GatewayClient {

    static final String API = "Gateway";

    private final OutboundProperties.Gateway gateways;
    private final JdkClientHttpRequestFactory requests;
    private final Map<OutboundProperties.Gateway.Instance, RestClient> clients = new ConcurrentHashMap<>();

    GatewayClient(OutboundProperties properties) {
        this.gateways = properties.gateway();
        this.requests = SendCalls.requests(gateways.connectTimeout(), gateways.readTimeout());
    }

    /**
     * Sends a text through the instance; returns the message id the gateway gave it ({@code key.id}), the id its
     * webhooks report the message by.
     *
     * @throws WhatsAppSendException saying whether the message was refused, never left, or may have been sent
     * @throws IllegalStateException when no gateway is configured for the instance (the claim's rules prevent it)
     */
    String sendText(String instance, Recipient recipient, String text) {
        OutboundProperties.Gateway.Instance gateway = gateways.instance(instance)
                .orElseThrow(() -> new IllegalStateException("no gateway configured for instance " + instance));
        JsonNode answer;
        try {
            answer = client(gateway).post()
                    .uri("/message/sendText/{instance}", instance)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("number", recipient.gatewayAddress(), "text", text))
                    .retrieve()
                    .body(JsonNode.class);
        } catch (RestClientResponseException refused) {
            int status = refused.getStatusCode().value();
            throw new WhatsAppSendException(WhatsAppSendException.Kind.REFUSED, "the gateway answered " + status,
                    status, null, refused);
        } catch (RestClientException failed) {
            throw SendCalls.unanswered(API, failed);
        }
        String id = answer == null ? null : answer.path("key").path("id").asString(null);
        if (id == null) {
            // Accepted without an id: the gateway took the request, so the message may well be out.
            throw new WhatsAppSendException(WhatsAppSendException.Kind.AMBIGUOUS,
                    "the gateway answered without a message id", 200, null, null);
        }
        return id;
    }

    private RestClient client(OutboundProperties.Gateway.Instance gateway) {
        return clients.computeIfAbsent(gateway, server -> {
            RestClient.Builder builder = RestClient.builder()
                    .baseUrl(server.baseUrl())
                    .requestFactory(requests)
                    .requestInterceptor(new TraceparentInterceptor());
            if (server.apiKey() != null && !server.apiKey().isBlank()) {
                builder.defaultHeader("apikey", server.apiKey());
            }
            return builder.build();
        });
    }
}
