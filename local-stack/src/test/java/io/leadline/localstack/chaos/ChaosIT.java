package io.leadline.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.localstack.Service;
import io.leadline.testkit.kafka.KafkaBroker;
import io.leadline.testkit.postgres.TestDatabase;
import io.leadline.testkit.whatsapp.CustomerWebhooks;
import io.leadline.testkit.whatsapp.CustomerWebhooks.Customer;
import io.leadline.testkit.whatsapp.WhatsAppSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole stack under fire: customers write several messages, every webhook arrives one to three times and out of
 * order and spread over the chaos window, the simulated WhatsApp API fails a share of sends and times out on others
 * after receiving them, every service is killed with SIGKILL at a random moment while that load is in flight and
 * started again (some more than once), and the broker is down for a few seconds once. Then the counts must come out
 * exactly: one contact and one conversation per customer, one row per provider message, one decision per inbound
 * message, every send that reached the API accepted once and never failed, every failure an answer of the API,
 * nothing left pending, no dead letter.
 *
 * <p>Settings: {@code -Dleadline.chaos.customers} (default 150, the CI size; the full size is 1,000),
 * {@code -Dleadline.chaos.window-seconds} (default 60: the load is spread over it and the monkey's planned blows
 * land within it) and {@code -Dleadline.chaos.seed} (printed by every run, to repeat one).
 */
class ChaosIT {

    private static final String APP_SECRET = "chaos-app-secret";
    private static final String ADMIN_TOKEN = "chaos-admin-token";
    private static final String PHONE_NUMBER_ID = "15550000001";

    private static final int CUSTOMERS = Integer.getInteger("leadline.chaos.customers", 150);
    private static final Duration WINDOW = Duration.ofSeconds(Long.getLong("leadline.chaos.window-seconds", 60));
    private static final long SEED = Long.getLong("leadline.chaos.seed", System.nanoTime());

    private static TestDatabase database;
    private static KafkaBroker broker;
    private static WhatsAppSimulator simulator;
    private static final Map<Service, ServiceProcess> services = new EnumMap<>(Service.class);
    private static Thread monkeyThread;

    @BeforeAll
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    static void startTheStackAsProcesses() throws Exception {
        Path dir = Files.createTempDirectory("leadline-chaos");
        System.out.println("Chaos: seed " + SEED + ", service logs in " + dir);
        database = TestDatabase.create("chaos");
        broker = KafkaBroker.persistent(dir.resolve("kafka"), KafkaBroker.freePort(), KafkaBroker.freePort()).start();
        simulator = WhatsAppSimulator.start(0, null);
        ChaosFaults.apply(simulator, SEED);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("LEADLINE_DB_URL", database.url());
        environment.put("LEADLINE_DB_USER", database.user());
        environment.put("LEADLINE_DB_PASSWORD", database.password());
        environment.put("LEADLINE_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        environment.put("LEADLINE_ADMIN_TOKEN", ADMIN_TOKEN);
        environment.put("LEADLINE_META_APP_SECRET", APP_SECRET);
        environment.put("LEADLINE_META_VERIFY_TOKEN", "chaos-verify-token");
        environment.put("LEADLINE_GATEWAY_SECRET", "chaos-gateway-secret");
        environment.put("LEADLINE_WHATSAPP_ACCESS_TOKEN", "chaos-access-token");
        environment.put("LEADLINE_WHATSAPP_API_URL", simulator.baseUrl());
        List<String> arguments = new ArrayList<>(List.of("--logging.level.root=warn",
                "--spring.datasource.hikari.maximum-pool-size=4", "--spring.main.banner-mode=off"));
        arguments.addAll(ChaosFaults.serviceArguments());
        for (Service service : Service.values()) {
            services.put(service, new ServiceProcess(service, KafkaBroker.freePort(), environment, arguments, dir));
        }
        services.values().forEach(ServiceProcess::start);
        services.values().forEach(process -> process.awaitHealthy(Duration.ofMinutes(3)));
        simulator.deliverWebhooksTo(services.get(Service.INGEST).url() + "/webhooks/whatsapp", APP_SECRET);
    }

    @AfterAll
    static void stopEverything() {
        if (monkeyThread != null) {
            monkeyThread.interrupt();
        }
        services.values().forEach(ServiceProcess::kill);
        if (simulator != null) {
            simulator.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    @Timeout(value = 7, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void nothingIsLostAndNothingHappensTwiceWhileServicesAndTheBrokerAreKilled() throws Exception {
        Random random = new Random(SEED);
        List<byte[]> deliveries = new ArrayList<>();
        int providerMessages = 0;
        Instant now = Instant.now();
        for (int c = 0; c < CUSTOMERS; c++) {
            Customer customer = Customer.byPhone("62813" + String.format("%08d", 50_000_000 + c), "Chaos " + c);
            int messages = 2 + random.nextInt(2);
            for (int m = 0; m < messages; m++) {
                byte[] body = CustomerWebhooks.text(PHONE_NUMBER_ID, customer, "wamid.CHAOS" + c + "x" + m,
                        m == 0 ? "Halo, saya mau tanya" : "Pesan ke-" + (m + 1), now.plusSeconds(m));
                providerMessages++;
                for (int t = 1 + random.nextInt(3); t > 0; t--) {
                    deliveries.add(body);
                }
            }
        }
        Collections.shuffle(deliveries, random);
        ChaosCounts expected = new ChaosCounts(CUSTOMERS, providerMessages);
        MetaRetries meta = new MetaRetries(services.get(Service.INGEST).url() + "/webhooks/whatsapp", APP_SECRET);

        long started = System.nanoTime();
        ChaosMonkey monkey = new ChaosMonkey(services, broker, new Random(SEED + 1), WINDOW,
                () -> meta.outstanding() > 0 || !settled(expected));
        monkeyThread = monkey.start();
        meta.deliverSpreadOver(deliveries, WINDOW);
        monkeyThread.join();
        if (monkey.failure() != null) {
            throw new AssertionError("the chaos monkey stopped: " + monkey.failure().getMessage(), monkey.failure());
        }
        services.values().forEach(process -> process.awaitHealthy(Duration.ofMinutes(2)));

        // Settled, and unchanged over one more poll: late status callbacks may still be reconciling UNKNOWN rows.
        AtomicReference<ChaosCounts.Actual> previous = new AtomicReference<>();
        ChaosCounts.Actual actual = await("the pipeline settles").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> ChaosCounts.read(database, simulator),
                        counts -> expected.settled(counts) && counts.equals(previous.getAndSet(counts)));
        OutboundAudit audit = OutboundAudit.read(database, simulator);
        DeadLetters.Contents deadLetters = DeadLetters.read(broker.bootstrapServers());

        System.out.printf("Chaos (seed %d): %d customers, %d provider messages, %d deliveries (%d answered non-200 "
                        + "and retried), %s; blows %s; restarts %s; broker down %.1f s; %.0f s%n", SEED, CUSTOMERS,
                providerMessages, deliveries.size(), meta.retried(), actual, monkey.hits(), restarts(),
                monkey.brokerDowntime().toMillis() / 1e3, (System.nanoTime() - started) / 1e9);
        System.out.println(audit.summary());
        System.out.println("Dead-letter topics " + deadLetters.topics().size() + ", end offsets "
                + deadLetters.endOffsets() + deadLetters.letters().stream().map(letter -> "\n  " + letter).toList());

        assertThat(monkey.kills()).as("every service killed at least once").allSatisfy(
                (service, kills) -> assertThat(kills).as(service.serviceName()).isPositive());
        assertThat(restarts()).as("every service restarted after its kill").allSatisfy(
                (service, restarts) -> assertThat(restarts).as(service).isPositive());
        assertThat(monkey.hits()).filteredOn(ChaosMonkey.Hit::planned).as("every planned blow hit work in flight")
                .hasSize(Service.values().length + 1).allMatch(ChaosMonkey.Hit::workInFlight);
        assertThat(monkey.brokerDowntime()).as("the broker was down for a few seconds")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        expected.assertHolds(actual);
        audit.assertHolds();
        assertThat(deadLetters.letters()).as("dead letters without a reason").allMatch(DeadLetters.Letter::explained);
        assertThat(deadLetters.endOffsets()).as("no dead letter: every input of the run is valid; "
                + deadLetters.letters()).isZero();
    }

    private static boolean settled(ChaosCounts expected) {
        try {
            return expected.settled(ChaosCounts.read(database, simulator));
        } catch (Exception unreadable) {
            return false;
        }
    }

    private static Map<String, Integer> restarts() {
        Map<String, Integer> restarts = new LinkedHashMap<>();
        services.forEach((service, process) -> restarts.put(service.serviceName(), process.starts() - 1));
        return restarts;
    }
}
