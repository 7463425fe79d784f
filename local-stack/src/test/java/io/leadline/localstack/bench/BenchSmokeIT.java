package io.leadline.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.localstack.LocalStackMain;
import io.leadline.testkit.postgres.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx768m", "-cp", System.getProperty("java.class.path"),
                LocalStackMain.class.getName(), "bench", "--rate", "20", "--duration", "6", "--warmup", "1",
                "--out", out.toString()));
        ProcessBuilder bench = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("bench.log").toFile());
        bench.environment().putAll(Map.of(
                "LEADLINE_BENCH_DB_URL", database.url(),
                "LEADLINE_DB_USER", database.user(),
                "LEADLINE_DB_PASSWORD", database.password() == null ? "" : database.password(),
                // Wrong on purpose: an operator's shell may hold any of these.
                "LEADLINE_META_APP_SECRET", "not-the-bench-secret",
                "LEADLINE_DB_URL", "jdbc:postgresql://127.0.0.1:1/not_the_bench_database",
                "LEADLINE_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1",
                "LEADLINE_WHATSAPP_API_URL", "http://127.0.0.1:1"));
        Process process = bench.start();
        boolean finished = process.waitFor(4, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(dir.resolve("bench.log"));
        System.out.println(output);

        assertThat(finished).as("the benchmark finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("Floors: Kafka produce→consume n=", "webhook acknowledgement: n=120",
                "end to end (webhook planned → reply at the simulator): n=120",
                "rate 20/s for 6 s: 120 webhooks sent", "120 acknowledged 200, 0 refused or failed",
                "duplicate sends (more than one reply to one customer's one message): 0");
        Matcher replies = Pattern.compile("replies: (\\d+) of (\\d+) messages").matcher(output);
        assertThat(replies.find()).as(output).isTrue();
        assertThat(replies.group(1)).as("every message answered").isEqualTo(replies.group(2)).isEqualTo("120");
        assertThat(output).containsPattern("(?m)^(lag did not grow|LAG GREW): \\d+ records at the end of the load");
        assertThat(out.resolve("e2e-20per-s.txt")).content().contains("duplicate sends", "lag");
        assertThat(out.resolve("e2e-20per-s.png")).isNotEmptyFile();
        assertThat(Files.readAllLines(out.resolve("e2e-20per-s-lag.csv"))).hasSizeGreaterThanOrEqualTo(3);
    }
}
