package io.leadline.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadline.localstack.Service;
import io.leadline.testkit.kafka.KafkaBroker;
import io.leadline.testkit.postgres.TestDatabase;
import io.leadline.testkit.whatsapp.CustomerWebhooks;
import io.leadline.testkit.whatsapp.CustomerWebhooks.Customer;
import io.leadline.testkit.whatsapp.WebhookDelivery;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole stack under fire: customers write several messages, every webhook arrives one to three times and out of
 * order, the simulated WhatsApp API fails a share of sends and times out on others after receiving them, every
 * service is killed with SIGKILL at random moments and started again, and the broker restarts once. Then the counts
 * must come out exactly: one contact and one conversation per customer, one row per provider message, one decision
 * per inbound message, at most one accepted send per dedupe key, nothing left pending.
 *
 * <p>Size: {@code -Dleadline.chaos.customers} (default 150 in the test command; the figure in docs/benchmarks.md is
 * with 1,000).
 */
class ChaosIT {

    private static final String APP_SECRET = "chaos-app-secret";
    private static final String ADMIN_TOKEN = "chaos-admin-token";
    private static final String PHONE_NUMBER_ID = "15550000001";

    private static final int CUSTOMERS = Integer.getInteger("leadline.chaos.customers", 150);
    private static final long SEED = Long.getLong("leadline.chaos.seed", System.nanoTime());

    private static TestDatabase database;
    private static KafkaBroker broker;
    private static WhatsAppSimulator simulator;
    private static final Map<Service, ServiceProcess> services = new EnumMap<>(Service.class);

    @BeforeAll
    static void startTheStackAsProcesses() throws Exception {
        Path dir = Files.createTempDirectory("leadline-chaos");
        database = TestDatabase.create("chaos");
        broker = KafkaBroker.persistent(dir.resolve("kafka"), KafkaBroker.freePort(), KafkaBroker.freePort()).start();
        simulator = WhatsAppSimulator.start(0, null);
        ChaosFaults.apply(simulator);
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
        ChaosFaults.sendStatusCallbacksTo(simulator, services.get(Service.INGEST).url() + "/webhooks/whatsapp",
                APP_SECRET);
    }

    @AfterAll
    static void stopEverything() {
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
    void nothingIsLostAndNothingHappensTwiceWhileServicesAndTheBrokerAreKilled() throws Exception {
        Random random = new Random(SEED);
        List<byte[]> deliveries = new ArrayList<>();
        AtomicInteger providerMessages = new AtomicInteger();
        Instant now = Instant.now();
        for (int c = 0; c < CUSTOMERS; c++) {
            Customer customer = Customer.byPhone("62813" + String.format("%08d", 50_000_000 + c), "Chaos " + c);
            int messages = 2 + random.nextInt(2);
            for (int m = 0; m < messages; m++) {
                byte[] body = CustomerWebhooks.text(PHONE_NUMBER_ID, customer, "wamid.CHAOS" + c + "x" + m,
                        m == 0 ? "Halo, saya mau tanya" : "Pesan ke-" + (m + 1), now.plusSeconds(m));
                providerMessages.incrementAndGet();
                int times = 1 + random.nextInt(3);
                for (int t = 0; t < times; t++) {
                    deliveries.add(body);
                }
            }
        }
        Collections.shuffle(deliveries, random);

        AtomicBoolean loading = new AtomicBoolean(true);
        Thread chaos = Thread.ofPlatform().name("chaos-monkey").start(() -> monkey(new Random(SEED + 1), loading));
        long started = System.nanoTime();
        deliverLikeMeta(deliveries);
        loading.set(false);
        chaos.join();
        services.values().forEach(process -> process.awaitHealthy(Duration.ofMinutes(3)));

        ChaosCounts expected = new ChaosCounts(CUSTOMERS, providerMessages.get());
        ChaosCounts.Actual actual = await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(2))
                .until(() -> ChaosCounts.read(database, simulator), expected::settled);
        System.out.printf("Chaos (seed %d): %d customers, %d provider messages, %d deliveries, %s; restarts %s; "
                        + "%.0f s%n", SEED, CUSTOMERS, providerMessages.get(), deliveries.size(), actual,
                restarts(), (System.nanoTime() - started) / 1e9);

        expected.assertHolds(actual);
    }

    /** Posts every delivery, 16 at a time; like Meta, a webhook that was not answered 200 is posted again. */
    private static void deliverLikeMeta(List<byte[]> deliveries) throws InterruptedException {
        WebhookDelivery ingest = new WebhookDelivery(services.get(Service.INGEST).url() + "/webhooks/whatsapp",
                APP_SECRET);
        Semaphore inFlight = new Semaphore(16);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (byte[] body : deliveries) {
                inFlight.acquire();
                threads.submit(() -> {
                    try {
                        while (ingest.post(body) != 200) {
                            Thread.sleep(200);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        inFlight.release();
                    }
                    return null;
                });
            }
        }
    }

    /** While the load runs: kill a random service every few seconds and start it again; restart the broker once. */
    private static void monkey(Random random, AtomicBoolean loading) {
        boolean brokerRestarted = false;
        try {
            while (loading.get()) {
                Thread.sleep(2_000 + random.nextInt(3_000));
                if (!brokerRestarted && random.nextInt(4) == 0) {
                    broker.restart();
                    brokerRestarted = true;
                    continue;
                }
                ServiceProcess victim = services.get(Service.values()[random.nextInt(Service.values().length)]);
                victim.kill();
                Thread.sleep(random.nextInt(1_500));
                victim.start();
                victim.awaitHealthy(Duration.ofMinutes(3));
            }
            if (!brokerRestarted) {
                broker.restart();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Integer> restarts() {
        Map<String, Integer> restarts = new LinkedHashMap<>();
        services.forEach((service, process) -> restarts.put(service.serviceName(), process.starts() - 1));
        return restarts;
    }
}
