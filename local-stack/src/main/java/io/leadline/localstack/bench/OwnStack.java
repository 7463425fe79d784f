package io.leadline.localstack.bench;

import io.leadline.localstack.LocalStack;
import io.leadline.localstack.Service;
import io.leadline.testkit.whatsapp.RecordedSend;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.OptionalLong;

/** The stack the benchmark started in its own process, on its own broker and a fresh database. */
record OwnStack(LocalStack stack, String dbUrl) implements BenchTarget {

    @Override
    public String ingestUrl() {
        return stack.url(Service.INGEST);
    }

    @Override
    public String bootstrapServers() {
        return stack.bootstrapServers();
    }

    @Override
    public List<RecordedSend> sends() {
        return stack.simulator().sends();
    }

    @Override
    public OptionalLong compilationMillis() {
        var jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported()
                ? OptionalLong.of(jit.getTotalCompilationTime()) : OptionalLong.empty();
    }

    @Override
    public void close() {
        stack.close();
    }
}
