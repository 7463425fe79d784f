package io.leadline.platform.trace;

import java.io.IOException;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/** Sends the current trace on with every outgoing HTTP call (the WhatsApp API, an LLM). */
public class TraceparentInterceptor implements ClientHttpRequestInterceptor {

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        String current = Traces.current();
        if (current != null) {
            request.getHeaders().set("traceparent", Traces.childOf(current));
        }
        return execution.execute(request, body);
    }
}
