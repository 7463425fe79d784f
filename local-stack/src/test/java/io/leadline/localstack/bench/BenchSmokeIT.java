package io.leadline.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testkit.postgres.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./leadline bench} for a few seconds at 20 webhooks/s, as its own process through the same entry point, so the
 * harness cannot rot unnoticed: it runs end to end, answers every message, prints and writes its figures, finds no
 * duplicate, and judges the lag. The environment it runs in points the secret, the database, the broker and the
 * WhatsApp API elsewhere: the harness's own stack settings must win, or every webhook is refused or lost.
 */
class BenchSmokeIT {

    private static TestDatabase database;

    @BeforeAll
    static void createTheDatabase() {
        database = TestDatabase.create("bench_smoke");
    }

    @AfterAll
    static void dropTheDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theBenchmarkRunsEndToEndAndFindsNoDuplicate(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench");
        String output = BenchProcess.run(dir.resolve("bench.log"), Map.of(
                "LEADLINE_BENCH_DB_URL", database.url(),
                "LEADLINE_DB_USER", database.user(),
                "LEADLINE_DB_PASSWORD", database.password() == null ? "" : database.password(),
                // Wrong on purpose: an operator's shell may hold any of these.
                "LEADLINE_META_APP_SECRET", "not-the-bench-secret",
                "LEADLINE_DB_URL", "jdbc:postgresql://127.0.0.1:1/not_the_bench_database",
                "LEADLINE_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                "LEADLINE_WHATSAPP_API_URL", "http://127.0.0.1:1"),
                "--rate", "20", "--duration", "6", "--warmup", "1", "--out", out.toString());

        // The bench's own settings win over the services' files (outbound-service.yml alone would pace at 80/s).
        assertThat(output).contains("Outbound pacing: 1000 messages/s per business number, 64 calls in flight");
        // The local stack's one consumer thread per listener wins over the platform's two.
        assertThat(output).contains("Listeners: 1 consumer thread(s) each, offsets committed in time mode every 100ms");
        assertThat(output).contains("rate 20/s for 6 s: 120 webhooks sent");
        // The stack runs in the harness's JVM, so the JIT's work during the load is known, not guessed.
        assertThat(output).containsPattern("JIT compilation during the load: \\d+\\.\\d s of compiler");
        BenchProcess.assertEveryMessageAnsweredOnce(output, 120);
        assertThat(out.resolve("e2e-20per-s.txt")).content().contains("duplicate sends", "lag");
        assertThat(out.resolve("e2e-20per-s.png")).isNotEmptyFile();
        assertThat(Files.readAllLines(out.resolve("e2e-20per-s-lag.csv"))).hasSizeGreaterThanOrEqualTo(3);
    }
}
