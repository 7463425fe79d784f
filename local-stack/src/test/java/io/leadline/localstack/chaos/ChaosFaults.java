package io.leadline.localstack.chaos;

import io.leadline.testkit.whatsapp.Fault;
import io.leadline.testkit.whatsapp.WhatsAppSimulator;
import java.time.Duration;
import java.util.List;

/**
 * The chaos run's misbehaving WhatsApp API, and the settings that let the stack recover within the run's time:
 * a read timeout shorter than the simulator's slow answers, and a lease short enough for the sweeper to settle a
 * send that a killed outbound-service left in flight.
 */
final class ChaosFaults {

    /** Longer than the outbound client's read timeout below: the send is recorded, the client sees a timeout. */
    private static final Duration SLOW_ANSWER = Duration.ofSeconds(3);

    private ChaosFaults() {
    }

    static void apply(WhatsAppSimulator simulator, long seed) {
        simulator.faults().seed(seed)
                .share(0.10, Fault.serverError())
                .share(0.02, Fault.slowAnswer(SLOW_ANSWER));
    }

    static List<String> serviceArguments() {
        return List.of(
                "--leadline.outbound.graph.read-timeout=1500ms",
                "--leadline.outbound.dispatcher.lease=10s",
                "--leadline.outbound.dispatcher.sweep-interval=2s",
                "--leadline.outbound.retry.backoff=300ms");
    }
}
