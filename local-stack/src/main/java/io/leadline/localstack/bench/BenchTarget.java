package io.leadline.localstack.bench;

import io.leadline.testkit.whatsapp.RecordedSend;
import java.util.List;

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

    @Override
    void close();
}
