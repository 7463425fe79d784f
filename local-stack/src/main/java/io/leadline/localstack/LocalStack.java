package io.leadline.localstack;

import io.leadline.platform.LeadlineApplication;
import io.leadline.testkit.kafka.ConsumerGroups;
import io.leadline.testkit.kafka.KafkaBroker;
import io.leadline.testkit.whatsapp.WhatsAppSimulator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The broker, the five services and the WhatsApp simulator in one process. Each service is its own Spring Boot
 * application context with its own port, schema, consumer group and metrics, exactly as it runs alone.
 */
public final class LocalStack implements AutoCloseable {

    private final StackConfig config;
    private final Map<Service, ConfigurableApplicationContext> contexts = new EnumMap<>(Service.class);
    private final Set<Service> everStarted = EnumSet.noneOf(Service.class);
    private KafkaBroker broker;
    private WhatsAppSimulator simulator;
    private String bootstrapServers;
    private String graphUrl;
    private final Map<Service, Integer> plannedPorts = new EnumMap<>(Service.class);

    private LocalStack(StackConfig config) {
        this.config = config;
    }

    public static LocalStack start(StackConfig config) {
        LocalStack stack = new LocalStack(config);
        try {
            stack.startInfrastructure();
            for (Service service : Service.values()) {
                stack.start(service);
            }
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startInfrastructure() {
        if (config.ensureDatabase()) {
            LocalPostgres.ensureDatabase(config.dbUrl(), config.dbUser(), config.dbPassword());
        }
        if (config.kafkaBootstrap() == null) {
            broker = KafkaBroker.persistent(config.kafkaDirectory(), config.kafkaPort(), config.kafkaControllerPort())
                    .start();
            bootstrapServers = broker.bootstrapServers();
        } else {
            bootstrapServers = config.kafkaBootstrap();
        }
        if (config.graphUrl() == null) {
            simulator = WhatsAppSimulator.start(config.randomPorts() ? 0 : config.simulatorPort(), null);
            graphUrl = simulator.baseUrl();
        } else {
            graphUrl = config.graphUrl();
        }
    }

    /**
     * The simulator's customers and status callbacks reach the ingest as Meta's webhooks do, signed; its gateway
     * echoes the replies sent through it as Evolution API does, with the gateway key in the body.
     */
    private void connectSimulatorToIngest() {
        if (simulator != null) {
            var ingest = context(Service.INGEST).getEnvironment();
            simulator.deliverWebhooksTo(url(Service.INGEST) + "/webhooks/whatsapp",
                    ingest.getProperty("leadline.ingest.meta.app-secret"));
            String gatewaySecret = ingest.getProperty("leadline.ingest.gateway.secret");
            if (gatewaySecret != null && !gatewaySecret.isBlank()) {
                simulator.echoGatewaySendsTo(url(Service.INGEST) + "/webhooks/gateway", gatewaySecret);
            }
        }
    }

    /** The fixed port, or with random ports one free port per service chosen once, so a restart keeps it. */
    private synchronized int plannedPort(Service service) {
        return config.randomPorts() ? plannedPorts.computeIfAbsent(service, s -> KafkaBroker.freePort())
                : service.defaultPort();
    }

    /** Starts (or starts again) one service. */
    public synchronized ConfigurableApplicationContext start(Service service) {
        if (contexts.containsKey(service)) {
            return contexts.get(service);
        }
        // The database, broker and WhatsApp API this stack was configured with or started itself win over the
        // environment (as arguments): a LEADLINE_DB_URL or LEADLINE_WHATSAPP_API_URL left in the shell must not send
        // a benchmark's load to another database or to the real Graph API.
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("server.port", plannedPort(service));
        settings.put("LEADLINE_DB_URL", config.dbUrl());
        settings.put("LEADLINE_DB_USER", config.dbUser());
        settings.put("LEADLINE_DB_PASSWORD", config.dbPassword());
        settings.put("LEADLINE_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        settings.put("LEADLINE_WHATSAPP_API_URL", graphUrl);
        // The simulator is the gateway too (Evolution API's sendText); without it the environment says where one is.
        settings.put("LEADLINE_GATEWAY_API_URL", simulator == null ? null : simulator.baseUrl());
        // Services that call each other (conversation's retry simulation) know where the others will listen.
        settings.put("LEADLINE_INGEST_URL", "http://127.0.0.1:" + plannedPort(Service.INGEST));
        settings.put("LEADLINE_OUTBOUND_URL", "http://127.0.0.1:" + plannedPort(Service.OUTBOUND));
        if (!config.consumerGroupSuffix().isEmpty()) {
            String group = service.serviceName() + config.consumerGroupSuffix();
            if (!everStarted.contains(service)) {
                ConsumerGroups.positionAtEnd(bootstrapServers, group);
            }
            settings.put("spring.kafka.consumer.group-id", group);
        }
        // One argument per key: Spring joins repeated arguments with commas.
        settings.putAll(config.overrides());
        List<String> args = new ArrayList<>();
        settings.forEach((key, value) -> {
            if (value != null) {
                args.add("--" + key + "=" + value);
            }
        });
        ConfigurableApplicationContext context = LeadlineApplication
                .builder(service.application(), service.serviceName(), config.defaults())
                .run(args.toArray(String[]::new));
        contexts.put(service, context);
        everStarted.add(service);
        if (service == Service.INGEST) {
            connectSimulatorToIngest();
        }
        return context;
    }

    /** Stops one service's context; its data and consumer group stay. */
    public synchronized void stop(Service service) {
        ConfigurableApplicationContext context = contexts.remove(service);
        if (context != null) {
            context.close();
        }
    }

    public String url(Service service) {
        return "http://127.0.0.1:" + port(service);
    }

    public int port(Service service) {
        return ((WebServerApplicationContext) context(service)).getWebServer().getPort();
    }

    public ConfigurableApplicationContext context(Service service) {
        ConfigurableApplicationContext context = contexts.get(service);
        if (context == null) {
            throw new IllegalStateException(service + " is not running");
        }
        return context;
    }

    /** The simulator, when the stack runs one. */
    public WhatsAppSimulator simulator() {
        return simulator;
    }

    public KafkaBroker broker() {
        return broker;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String graphUrl() {
        return graphUrl;
    }

    @Override
    public synchronized void close() {
        List<Service> running = new ArrayList<>(contexts.keySet());
        Collections.reverse(running);
        running.forEach(this::stop);
        if (simulator != null) {
            simulator.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
