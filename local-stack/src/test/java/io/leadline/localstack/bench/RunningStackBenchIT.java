package io.leadline.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.localstack.LocalStack;
import io.leadline.localstack.Service;
import io.leadline.localstack.TestStacks;
import io.leadline.testkit.postgres.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./leadline bench --target …} against a stack that was already running (here started by the test, in another
 * process than the benchmark): twice in a row, so the second run must tell its own replies from the first run's,
 * which the simulator still holds, and find every message answered once.
 */
class RunningStackBenchIT {

    private static TestDatabase database;
    private static LocalStack stack;

    @BeforeAll
    static void startTheStack() {
        database = TestDatabase.create("bench_running");
        stack = TestStacks.start(database);
    }

    @AfterAll
    static void stopTheStack() {
        if (stack != null) {
            stack.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void twoRunsAgainstTheRunningStackEachCountOnlyTheirOwnReplies(@TempDir Path dir) throws Exception {
        Map<String, String> environment = Map.of(
                "LEADLINE_META_APP_SECRET", TestStacks.APP_SECRET,
                "LEADLINE_BENCH_DB_URL", database.url(),
                "LEADLINE_DB_USER", database.user(),
                "LEADLINE_DB_PASSWORD", database.password() == null ? "" : database.password());
        String[] arguments = {"--target", stack.url(Service.INGEST), "--simulator", stack.graphUrl(),
                "--kafka", stack.bootstrapServers(), "--rate", "20", "--duration", "4", "--warmup", "1",
                "--out", dir.resolve("bench").toString()};

        String first = BenchProcess.run(dir.resolve("first.log"), environment, arguments);
        String second = BenchProcess.run(dir.resolve("second.log"), environment, arguments);

        assertThat(first).contains("Against the running stack at " + stack.url(Service.INGEST));
        BenchProcess.assertEveryMessageAnsweredOnce(first, 80);
        BenchProcess.assertEveryMessageAnsweredOnce(second, 80);
        // Both runs' warm-ups and measurements were answered by the one simulator, which kept them all.
        assertThat(stack.simulator().sends()).hasSizeGreaterThanOrEqualTo(2 * (80 + 20));
    }
}
