package io.leadline.testkit.whatsapp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A WhatsApp Cloud API stand-in that speaks the Graph API's send endpoint over real HTTP:
 * {@code POST /{version}/{phoneNumberId}/messages} with a bearer token answers with a {@code wamid} and
 * records the send; {@code GET /sim/sends} lists what it recorded.
 */
public final class WhatsAppSimulator implements AutoCloseable {

    public static final int DEFAULT_PORT = 8090;

    private static final Pattern SEND_PATH = Pattern.compile("^/(v\\d+\\.\\d+)/([^/]+)/messages/?$");

    private final HttpServer server;
    private final String accessToken;
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<RecordedSend> sends = new CopyOnWriteArrayList<>();

    private WhatsAppSimulator(int port, String accessToken) {
        this.accessToken = accessToken;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
    }

    /**
     * @param port        0 for any free port
     * @param accessToken the bearer token sends must carry, or null to accept any bearer token
     */
    public static WhatsAppSimulator start(int port, String accessToken) {
        WhatsAppSimulator simulator = new WhatsAppSimulator(port, accessToken);
        simulator.server.start();
        return simulator;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The Graph API base URL to configure the outbound service with. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public List<RecordedSend> sends() {
        return List.copyOf(sends);
    }

    public List<RecordedSend> sendsTo(String to) {
        return sends.stream().filter(send -> to.equals(send.to())).toList();
    }

    public void reset() {
        sends.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String method = exchange.getRequestMethod();
            Matcher send = SEND_PATH.matcher(uri.getPath());
            if ("POST".equals(method) && send.matches()) {
                acceptSend(exchange, send.group(1), send.group(2));
            } else if ("GET".equals(method) && "/sim/sends".equals(uri.getPath())) {
                respond(exchange, 200, Map.of("sends", sends()));
            } else {
                respond(exchange, 404, GraphErrors.error(803, "OAuthException", "Unknown path",
                        method + " " + uri.getPath() + " is not part of the simulated Graph API"));
            }
        }
    }

    private void acceptSend(HttpExchange exchange, String version, String phoneNumberId) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        boolean authorized = authorization != null && authorization.startsWith("Bearer ")
                && (accessToken == null ? authorization.length() > 7 : authorization.equals("Bearer " + accessToken));
        if (!authorized) {
            respond(exchange, 401, GraphErrors.invalidToken());
            return;
        }
        JsonNode body;
        try {
            body = json.readTree(exchange.getRequestBody().readAllBytes());
        } catch (RuntimeException e) {
            respond(exchange, 400, GraphErrors.invalidParameter("The request body is not valid JSON"));
            return;
        }
        String to = text(body, "to");
        String type = body.path("type").asString("text");
        if (!"whatsapp".equals(text(body, "messaging_product"))) {
            respond(exchange, 400, GraphErrors.invalidParameter("messaging_product must be whatsapp"));
            return;
        }
        if (to == null || to.isBlank()) {
            respond(exchange, 400, GraphErrors.invalidParameter("The parameter to is required."));
            return;
        }
        String text = "text".equals(type) ? body.path("text").path("body").asString(null) : null;
        if ("text".equals(type) && (text == null || text.isBlank())) {
            respond(exchange, 400, GraphErrors.invalidParameter("The parameter text['body'] is required."));
            return;
        }
        String wamid = "wamid.SIM" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
        sends.add(new RecordedSend(wamid, version, phoneNumberId, to, type, text,
                text(body, "biz_opaque_callback_data"), exchange.getRequestHeaders().getFirst("traceparent"),
                Instant.now()));
        respond(exchange, 200, Map.of(
                "messaging_product", "whatsapp",
                "contacts", List.of(Map.of("input", to, "wa_id", to)),
                "messages", List.of(Map.of("id", wamid))));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Runs the simulator on its own: {@code java … WhatsAppSimulator [port]}. */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PORT;
        try (WhatsAppSimulator simulator = start(port, null)) {
            System.out.println("WhatsApp simulator on " + simulator.baseUrl());
            Thread.currentThread().join();
        }
    }
}
