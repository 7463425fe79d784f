package io.leadline.localstack.chaos;

import io.leadline.localstack.Service;
import io.leadline.testkit.kafka.KafkaBroker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Kills services with SIGKILL and takes the broker down while the stack works. Its plan hits every one of the five
 * services once and the broker once, in a random order at random moments early enough in the chaos window that
 * load is still arriving; after the plan it keeps killing random services until the window has passed or the
 * pipeline has settled.
 */
final class ChaosMonkey {

    static final String BROKER = "kafka";

    /** One blow: what was hit, when (seconds into the run), whether work was in flight, whether it was planned. */
    record Hit(String target, double atSeconds, boolean workInFlight, boolean planned) {

        @Override
        public String toString() {
            return String.format("%s@%.1fs%s", target, atSeconds, workInFlight ? "" : "(idle)");
        }
    }

    private final Map<Service, ServiceProcess> services;
    private final KafkaBroker broker;
    private final Random random;
    private final Duration window;
    private final BooleanSupplier workInFlight;
    private final List<Hit> hits = Collections.synchronizedList(new ArrayList<>());
    private final long startNanos = System.nanoTime();
    private volatile Duration brokerDowntime = Duration.ZERO;
    private volatile RuntimeException failure;

    ChaosMonkey(Map<Service, ServiceProcess> services, KafkaBroker broker, Random random, Duration window,
            BooleanSupplier workInFlight) {
        this.services = services;
        this.broker = broker;
        this.random = random;
        this.window = window;
        this.workInFlight = workInFlight;
    }

    Thread start() {
        return Thread.ofPlatform().name("chaos-monkey").daemon().start(this::run);
    }

    private void run() {
        Deque<String> plan = plan();
        try {
            while (true) {
                // Gaps of 1/20 to 1/8 of the window: the six planned blows end within 6/8 of it, under load.
                Thread.sleep(window.toMillis() / 20 + random.nextLong(window.toMillis() / 8 - window.toMillis() / 20));
                boolean planned = !plan.isEmpty();
                if (!planned && (elapsed() >= window.toNanos() / 1e9 || !workInFlight.getAsBoolean())) {
                    return;
                }
                String target = planned ? plan.poll()
                        : Service.values()[random.nextInt(Service.values().length)].serviceName();
                if (BROKER.equals(target)) {
                    brokerOutage(planned);
                } else {
                    kill(service(target), planned);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A victim that never came back (its log tail is in the message): the test reports it, not a dead thread.
            failure = e;
        }
    }

    /** Why the monkey stopped before its plan was done, if it did. */
    RuntimeException failure() {
        return failure;
    }

    private Deque<String> plan() {
        List<String> targets = new ArrayList<>();
        for (Service service : Service.values()) {
            targets.add(service.serviceName());
        }
        Collections.shuffle(targets, random);
        // The broker outage lands mid-run: after at least one service has been killed, before the last.
        targets.add(1 + random.nextInt(targets.size() - 1), BROKER);
        return new ArrayDeque<>(targets);
    }

    /** Waits until the victim is up (a blow to a process still booting proves little), then kills and restarts it. */
    private void kill(ServiceProcess victim, boolean planned) throws InterruptedException {
        victim.awaitHealthy(Duration.ofMinutes(2));
        hits.add(new Hit(victim.service().serviceName(), elapsed(), workInFlight.getAsBoolean(), planned));
        victim.kill();
        Thread.sleep(random.nextInt(1_500));
        victim.start();
    }

    /** The broker really down for a few seconds: producers, consumers and the ingest's 503 path all see it. */
    private void brokerOutage(boolean planned) throws InterruptedException {
        hits.add(new Hit(BROKER, elapsed(), workInFlight.getAsBoolean(), planned));
        long down = System.nanoTime();
        broker.stop();
        Thread.sleep(3_000 + random.nextInt(3_000));
        broker.start();
        brokerDowntime = Duration.ofNanos(System.nanoTime() - down);
    }

    private ServiceProcess service(String name) {
        return services.values().stream().filter(process -> process.service().serviceName().equals(name))
                .findFirst().orElseThrow();
    }

    private double elapsed() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    List<Hit> hits() {
        synchronized (hits) {
            return List.copyOf(hits);
        }
    }

    Duration brokerDowntime() {
        return brokerDowntime;
    }

    /** Kills per service (the broker is not a service and is not counted here). */
    Map<Service, Integer> kills() {
        Map<Service, Integer> kills = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            kills.put(service, (int) hits().stream().filter(hit -> hit.target().equals(service.serviceName()))
                    .count());
        }
        return kills;
    }
}
