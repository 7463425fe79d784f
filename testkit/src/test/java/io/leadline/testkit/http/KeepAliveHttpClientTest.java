package io.leadline.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leadline.testkit.net.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeepAliveHttpClientTest {

    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void manyPostsTravelOverOneKeptAliveConnectionWithTheirBodiesAndHeaders() throws Exception {
        URI uri = serve(exchange -> answer(exchange, 200, new byte[0]));
        try (var client = new KeepAliveHttpClient(uri, 8)) {
            for (int i = 0; i < 200; i++) {
                assertThat(client.post("/hook", Map.of("X-Sig", "sig-" + i), ("body " + i).getBytes())).isEqualTo(200);
            }
        }
        assertThat(clientPorts).hasSize(1);
        assertThat(received).hasSize(200).first().isEqualTo("/hook sig-0 body 0");
        assertThat(received).last().isEqualTo("/hook sig-199 body 199");
    }

    @Test
    void concurrentPostsUseAtMostTheAllowedConnections() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        CountDownLatch fourAtOnce = new CountDownLatch(4);
        URI uri = serve(exchange -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            fourAtOnce.countDown();
            await(fourAtOnce);
            inFlight.decrementAndGet();
            answer(exchange, 200, new byte[0]);
        });
        try (var client = new KeepAliveHttpClient(uri, 4);
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> statuses = IntStream.range(0, 50)
                    .mapToObj(i -> threads.submit(() -> client.post("/hook", Map.of(), new byte[] {1}))).toList();
            for (Future<Integer> status : statuses) {
                assertThat(status.get(10, TimeUnit.SECONDS)).isEqualTo(200);
            }
        }
        assertThat(mostInFlight).hasValue(4);
        assertThat(clientPorts).hasSizeLessThanOrEqualTo(4);
    }

    @Test
    void anErrorAnswerIsItsStatusAndItsChunkedBodyDoesNotSpoilTheConnection() throws Exception {
        URI uri = serve(exchange -> {
            byte[] problem = "{\"title\":\"Bad signature\"}".repeat(500).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(received.size() % 2 == 1 ? 401 : 200, 0); // length 0: chunked
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(problem);
            }
        });
        try (var client = new KeepAliveHttpClient(uri, 1)) {
            assertThat(client.post("/hook", Map.of(), new byte[] {1})).isEqualTo(401);
            assertThat(client.post("/hook", Map.of(), new byte[] {2})).isEqualTo(200);
            assertThat(client.post("/hook", Map.of(), new byte[] {3})).isEqualTo(401);
        }
        assertThat(clientPorts).hasSize(1);
    }

    @Test
    void aConnectionTheServerClosesAfterAnAnswerIsReplacedForTheNextPost() throws Exception {
        URI uri = serve(exchange -> {
            exchange.getResponseHeaders().add("Connection", "close");
            answer(exchange, 200, "ok".getBytes());
        });
        try (var client = new KeepAliveHttpClient(uri, 1)) {
            assertThat(client.post("/hook", Map.of(), new byte[] {1})).isEqualTo(200);
            assertThat(client.post("/hook", Map.of(), new byte[] {2})).isEqualTo(200);
        }
        assertThat(clientPorts).hasSize(2);
    }

    @Test
    void aKeptAliveConnectionTheServerDroppedWhileIdleIsReplacedWithoutLosingThePost() throws Exception {
        // The listener closes first, so a server thread still waiting to accept ends when the test fails.
        try (ExecutorService serverThread = Executors.newVirtualThreadPerTaskExecutor();
                ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger requests = new AtomicInteger();
            serverThread.submit(() -> {
                // Each connection gets one answer, kept alive, and is then dropped without a word.
                for (int i = 0; i < 2; i++) {
                    try (Socket socket = listener.accept()) {
                        readRequest(socket.getInputStream());
                        requests.incrementAndGet();
                        socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.ISO_8859_1));
                        socket.getOutputStream().flush();
                    }
                }
                return null;
            });
            URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort());
            try (var client = new KeepAliveHttpClient(uri, 1)) {
                assertThat(client.post("/hook", Map.of(), "first".getBytes())).isEqualTo(200);
                assertThat(client.post("/hook", Map.of(), "second".getBytes())).isEqualTo(200);
            }
            assertThat(requests).hasValue(2);
        }
    }

    @Test
    void aServerThatIsNotThereIsAnError() {
        var client = new KeepAliveHttpClient(URI.create("http://127.0.0.1:" + FreePorts.next()), 1);
        assertThatThrownBy(() -> client.post("/hook", Map.of(), new byte[] {1})).isInstanceOf(IOException.class);
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private URI serve(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("X-Sig") + " "
                    + new String(body, StandardCharsets.UTF_8));
            handler.handle(exchange);
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads one request with a Content-Length body, as the client sends them. */
    private static void readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            head.write(in.read());
        }
        String text = head.toString(StandardCharsets.ISO_8859_1).toLowerCase();
        int at = text.indexOf("content-length:") + "content-length:".length();
        in.readNBytes(Integer.parseInt(text.substring(at, text.indexOf("\r\n", at)).trim()));
    }
}
