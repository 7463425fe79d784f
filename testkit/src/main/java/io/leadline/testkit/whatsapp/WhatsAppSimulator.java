package io.leadline.testkit.whatsapp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A WhatsApp Cloud API stand-in that speaks the Graph API's send endpoint over real HTTP:
 * {@code POST /{version}/{phoneNumberId}/messages} with a bearer token answers with a {@code wamid} and
 * records the send; {@code GET /sim/sends} lists what it recorded.
 *
 * <p>Faults: {@link #faults()} schedules errors, slow answers and cut connections for the next send requests
 * (also over HTTP: {@code POST /sim/faults} with {@code {"times":2,"status":500,"code":131016}},
 * {@code {"delayMs":15000}} or {@code {"cut":true}}; {@code DELETE /sim/faults} clears the plan), and
 * {@link #refuseConnections()} closes the port until {@link #acceptConnections()}.
 *
 * <p>WhatsApp-Web gateway: Evolution API's {@code POST /message/sendText/{instance}} (header {@code apikey}) answers
 * with the message's {@code key.id} and records the send ({@link #gatewaySends()}); the same fault plan applies, and
 * {@link #echoGatewaySendsTo} makes it echo each accepted send to the ingest as a real gateway does.
 *
 * <p>Customers: once {@link #deliverWebhooksTo} names the ingest, {@code POST /sim/customers/{phone}/messages}
 * sends that customer's messages as signed Meta webhooks (any identifier form, a BSUID without a phone, several
 * deliveries, concurrent, shuffled), and every accepted send gets its status callbacks (sent, delivered, read).
 */
public final class WhatsAppSimulator implements AutoCloseable {

    public static final int DEFAULT_PORT = 8090;

    private static final Pattern CUSTOMER_PATH = Pattern.compile("^/sim/customers/([^/]+)/messages/?$");

    private final JsonMapper json = JsonMapper.builder().build();
    private final SimulatedCustomers customers = new SimulatedCustomers();
    private final FaultPlan faults = new FaultPlan();
    private final GraphApi graph;
    private final GatewayApi gateway;
    private final int port;
    private volatile HttpServer server;

    private WhatsAppSimulator(int port, String accessToken, String gatewayApiKey) {
        this.graph = new GraphApi(accessToken, json, customers::accepted);
        this.gateway = new GatewayApi(gatewayApiKey, json);
        this.server = listen(port);
        this.port = server.getAddress().getPort();
    }

    private HttpServer listen(int port) {
        HttpServer created;
        try {
            created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
        created.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        created.createContext("/", this::handle);
        return created;
    }

    /**
     * @param port        0 for any free port
     * @param accessToken the bearer token sends must carry, or null to accept any bearer token
     */
    public static WhatsAppSimulator start(int port, String accessToken) {
        return start(port, accessToken, null);
    }

    /** @param gatewayApiKey the {@code apikey} gateway sends must carry, or null to accept any */
    public static WhatsAppSimulator start(int port, String accessToken, String gatewayApiKey) {
        WhatsAppSimulator simulator = new WhatsAppSimulator(port, accessToken, gatewayApiKey);
        simulator.server.start();
        return simulator;
    }

    public int port() {
        return port;
    }

    /** The faults planned for the next send requests. */
    public FaultPlan faults() {
        return faults;
    }

    /** Every send request that reached the endpoint, faulted or not (a retried send counts each attempt). */
    public int sendRequests() {
        return graph.requests();
    }

    /** The send requests to one recipient that reached the endpoint, faulted or not. */
    public int sendRequestsTo(String to) {
        return graph.requestsTo(to);
    }

    /** Closes the port: callers get "connection refused" until {@link #acceptConnections()}. */
    public synchronized void refuseConnections() {
        server.stop(0);
    }

    /** Listens on the same port again after {@link #refuseConnections()}. */
    public synchronized void acceptConnections() {
        HttpServer reopened = listen(port);
        reopened.start();
        server = reopened;
    }

    /**
     * Where webhooks go: the ingest's {@code /webhooks/whatsapp}, signed with the Meta app secret. From then on
     * customers can write and every accepted send gets its status callbacks.
     */
    public void deliverWebhooksTo(String webhookUrl, String appSecret) {
        customers.target(new WebhookDelivery(webhookUrl, appSecret));
    }

    /**
     * Where the gateway echoes its accepted sends: the ingest's {@code /webhooks/gateway}, with the {@code apikey}
     * Evolution API puts in its webhook bodies.
     */
    public void echoGatewaySendsTo(String webhookUrl, String apiKey) {
        gateway.echoTo(webhookUrl, apiKey);
    }

    /** Every send the gateway endpoint accepted. */
    public List<RecordedGatewaySend> gatewaySends() {
        return gateway.sends();
    }

    /** Every gateway send request that reached the endpoint with a valid body, faulted or not. */
    public int gatewaySendRequests() {
        return gateway.requests();
    }

    /** The Graph API base URL (and the gateway's) to configure the outbound service with. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public List<RecordedSend> sends() {
        return graph.sends();
    }

    public List<RecordedSend> sendsTo(String to) {
        return graph.sendsTo(to);
    }

    /** Forgets recorded sends, counted requests and planned faults. */
    public void reset() {
        graph.reset();
        gateway.reset();
        faults.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String method = exchange.getRequestMethod();
            Matcher send = GraphApi.SEND_PATH.matcher(uri.getPath());
            if ("POST".equals(method) && send.matches()) {
                GraphApi.Answer answer = graph.send(send.group(1), send.group(2),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("traceparent"),
                        exchange.getRequestBody().readAllBytes(), faults);
                answer(exchange, answer.status(), json.writeValueAsBytes(answer.body()), answer.fault());
            } else if ("POST".equals(method) && GatewayApi.SEND_PATH.matcher(uri.getPath()).matches()) {
                GatewayApi.Answer answer = gateway.send(
                        GatewayApi.SEND_PATH.matcher(uri.getPath()).replaceFirst("$1"),
                        exchange.getRequestHeaders().getFirst("apikey"),
                        exchange.getRequestHeaders().getFirst("traceparent"),
                        exchange.getRequestBody().readAllBytes(), faults);
                answer(exchange, answer.status(), json.writeValueAsBytes(answer.body()), answer.fault());
            } else if ("GET".equals(method) && "/sim/sends".equals(uri.getPath())) {
                respond(exchange, 200, Map.of("sends", sends()));
            } else if ("POST".equals(method) && CUSTOMER_PATH.matcher(uri.getPath()).matches()) {
                customerWrites(exchange, CUSTOMER_PATH.matcher(uri.getPath()).replaceFirst("$1"));
            } else if ("POST".equals(method) && "/sim/faults".equals(uri.getPath())) {
                planFault(exchange);
            } else if ("DELETE".equals(method) && "/sim/faults".equals(uri.getPath())) {
                faults.clear();
                respond(exchange, 200, Map.of("remaining", 0));
            } else {
                respond(exchange, 404, GraphErrors.error(803, "OAuthException", "Unknown path",
                        method + " " + uri.getPath() + " is not part of the simulated Graph API"));
            }
        }
    }

    /** An answer to a send that was accepted (and recorded), delayed or cut as the fault says. */
    private static void answer(HttpExchange exchange, int status, byte[] answer, Fault fault) throws IOException {
        if (fault instanceof Fault.SlowAnswer slow) {
            try {
                Thread.sleep(slow.delay());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, answer.length);
        if (fault instanceof Fault.CutAnswer) {
            // Half the promised bytes, then the connection closes: the caller cannot know whether it was accepted.
            exchange.getResponseBody().write(answer, 0, answer.length / 2);
            exchange.getResponseBody().flush();
            throw new IOException("answer cut by the fault plan");
        }
        exchange.getResponseBody().write(answer);
    }

    private void customerWrites(HttpExchange exchange, String phone) throws IOException {
        JsonNode request;
        try {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            request = raw.length == 0 ? json.createObjectNode() : json.readTree(raw);
        } catch (RuntimeException e) {
            respond(exchange, 400, GraphErrors.invalidParameter("The request body is not valid JSON"));
            return;
        }
        try {
            respond(exchange, 200, customers.write(phone, request));
        } catch (IllegalStateException notConfigured) {
            respond(exchange, 409, GraphErrors.invalidParameter(notConfigured.getMessage()));
        }
    }

    private void planFault(HttpExchange exchange) throws IOException {
        JsonNode plan;
        try {
            plan = json.readTree(exchange.getRequestBody().readAllBytes());
        } catch (RuntimeException e) {
            respond(exchange, 400, GraphErrors.invalidParameter("The fault plan is not valid JSON"));
            return;
        }
        Optional<Fault> fault = Fault.of(plan);
        if (fault.isEmpty()) {
            respond(exchange, 400, GraphErrors.invalidParameter("Give status/code, delayMs or cut"));
            return;
        }
        faults.next(plan.path("times").asInt(1), fault.get());
        respond(exchange, 200, Map.of("remaining", faults.remaining()));
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
