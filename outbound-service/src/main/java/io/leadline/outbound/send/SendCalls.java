package io.leadline.outbound.send;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClientException;

/** What the send clients (the Cloud API's and the gateways') share: their HTTP set-up and how a failed call reads. */
final class SendCalls {

    private SendCalls() {
    }

    static JdkClientHttpRequestFactory requests(Duration connectTimeout, Duration readTimeout) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(readTimeout);
        return requests;
    }

    /**
     * A call that got no answer: it never left (nothing was written, so nothing can have been sent), or it may
     * have been sent. The message names the exception only: never a header, a body or a recipient.
     */
    static WhatsAppSendException unanswered(String api, RestClientException failed) {
        WhatsAppSendException.Kind kind = neverLeft(failed) ? WhatsAppSendException.Kind.NOT_REACHED
                : WhatsAppSendException.Kind.AMBIGUOUS;
        return new WhatsAppSendException(kind, api + " call failed: " + rootCause(failed), 0, null, failed);
    }

    /** Connection refused, connect timeout, unknown host: nothing was written, so nothing can have been sent. */
    private static boolean neverLeft(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
                    || cause instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
