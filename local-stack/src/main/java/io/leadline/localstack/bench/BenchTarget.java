package io.leadline.localstack.bench;

import io.leadline.testkit.whatsapp.RecordedSend;
import java.util.List;
import java.util.OptionalLong;

/**
 * What the benchmark drives and watches: a stack it starts itself ({@link OwnStack}) or one already running
 * ({@link RunningStack}, {@code --target}). Either way the load is signed webhooks over HTTP, the replies are what
 * the WhatsApp simulator recorded, and the lag is read from the broker.
 */
interface BenchTarget extends AutoCloseable {

    String ingestUrl();

    String bootstrapServers();

    /** The JDBC URL the PostgreSQL floor is measured on (a temporary table: nothing of the stack is touched). */
    String dbUrl();

    /** Every send the simulator has recorded so far, this run's and, on a running stack, earlier ones too. */
    List<RecordedSend> sends() throws Exception;

    /**
     * The time the JIT has spent compiling in the stack's JVM so far, when that is this JVM: what it spends during
     * the measured load shows whether the warm-up was long enough (five services compile for minutes).
     */
    default OptionalLong compilationMillis() {
        return OptionalLong.empty();
    }

    @Override
    void close();
}
