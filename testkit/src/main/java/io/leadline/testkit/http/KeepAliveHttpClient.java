package io.leadline.testkit.http;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;

/**
 * The harness's HTTP client for load: POSTs over a pool of keep-alive HTTP/1.1 connections, each written and read
 * with plain blocking socket calls, which cost little on virtual threads. The JDK's {@code HttpClient} took more of
 * the ingest benchmark's CPU (28 % of its samples at 1,000 webhooks/s) than Tomcat did, on the two cores the
 * measured service needs; Meta's own client does not run on the service's machine. It does only what posting
 * webhooks needs: a body out, a status back, the answer's body read and dropped.
 */
public final class KeepAliveHttpClient implements AutoCloseable {

    private final String host;
    private final int port;
    private final Semaphore places;
    private final ConcurrentLinkedDeque<HttpConnection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    /** A client of the server at {@code server} (scheme http, host, port), with at most that many connections. */
    public KeepAliveHttpClient(URI server, int maxConnections) {
        this.host = server.getHost();
        this.port = server.getPort() < 0 ? 80 : server.getPort();
        this.places = new Semaphore(maxConnections);
    }

    /**
     * Posts {@code body} to {@code path} and answers the status. Waits for a connection when all are busy. A
     * kept-alive connection the server closed meanwhile is replaced once, transparently, as browsers do; any other
     * failure is thrown.
     */
    public int post(String path, Map<String, String> headers, byte[] body) throws IOException, InterruptedException {
        byte[] request = request(path, headers, body);
        places.acquire();
        try {
            HttpConnection connection = idle.pollFirst();
            if (connection != null) {
                try {
                    return exchange(connection, request);
                } catch (HttpConnection.ClosedBeforeAnswer stale) {
                    // the server closed it while idle: the request never reached it, send it on a new one
                }
            }
            return exchange(HttpConnection.open(host, port), request);
        } finally {
            places.release();
        }
    }

    private int exchange(HttpConnection connection, byte[] request) throws IOException {
        try {
            int status = connection.exchange(request);
            if (connection.reusable() && !closed) {
                idle.offerFirst(connection);
            } else {
                connection.close();
            }
            return status;
        } catch (IOException e) {
            connection.close();
            throw e;
        }
    }

    private byte[] request(String path, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\nHost: ")
                .append(host).append(':').append(port).append("\r\nContent-Length: ").append(body.length).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    /** Closes the idle connections; busy ones close when their exchange ends. */
    @Override
    public void close() {
        closed = true;
        for (HttpConnection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            connection.close();
        }
    }
}
