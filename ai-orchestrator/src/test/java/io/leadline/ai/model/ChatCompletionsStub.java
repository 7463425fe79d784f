package io.leadline.ai.model;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server on a free port that speaks the chat-completions endpoint and answers what the test scripts:
 * a message content, a status, or nothing before a delay.
 */
public final class ChatCompletionsStub implements AutoCloseable {

    public record Request(String authorization, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile int status = 200;
    private volatile String content = "{}";
    private volatile Duration delay = Duration.ZERO;
    private volatile Runnable duringCall = () -> { };

    public ChatCompletionsStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", exchange -> {
            requests.add(new Request(exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            duringCall.run();
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = (status == 200 ? completion(content) : "{\"error\":{\"message\":\"overloaded\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            try {
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
            } catch (IOException clientGone) {
                // the client timed out and closed the connection
            }
            exchange.close();
        });
        server.start();
    }

    private String completion(String messageContent) {
        var root = json.createObjectNode();
        root.put("id", "chatcmpl-test").put("object", "chat.completion");
        root.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
                .putObject("message").put("role", "assistant").put("content", messageContent);
        return json.writeValueAsString(root);
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    public ChatCompletionsStub answering(String messageContent) {
        this.status = 200;
        this.content = messageContent;
        this.delay = Duration.ZERO;
        return this;
    }

    public ChatCompletionsStub failing(int httpStatus) {
        this.status = httpStatus;
        this.delay = Duration.ZERO;
        return this;
    }

    public ChatCompletionsStub answeringAfter(Duration wait, String messageContent) {
        answering(messageContent);
        this.delay = wait;
        return this;
    }

    /** Runs while a request is being answered, before the answer is sent. */
    public ChatCompletionsStub whileAnswering(Runnable action) {
        this.duringCall = action;
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
