package io.leadline.localstack.bench;

import io.leadline.localstack.LocalStack;
import io.leadline.localstack.Service;
import io.leadline.localstack.StackConfig;
import io.leadline.testkit.kafka.KafkaBroker;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./leadline bench [--rate 200] [--duration 60] [--warmup 10] [--out target/bench]}: the whole stack in this
 * process on its own broker and a fresh database, driven over real HTTP by signed webhooks at a fixed rate. Prints
 * and writes the webhook acknowledgement and end-to-end latencies (webhook → the simulator receives the reply),
 * throughput, consumer lag over time and whether it grew, duplicates, and the machine's floors measured in the same
 * run.
 */
public final class EndToEndBenchmark {

    private static final String APP_SECRET = "bench-app-secret";
    private static final String PHONE_NUMBER_ID = "15550000001";
    private static final List<String> GROUPS = List.of(Service.values()).stream()
            .filter(service -> service != Service.INGEST).map(Service::serviceName).toList();

    /** One run: the load, and the database (fresh: every service migrates its schema into it). */
    record Run(int rate, Duration duration, Duration warmup, Path out, String dbUrl, String dbUser, String dbPassword) {
    }

    private EndToEndBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String dbUser = System.getenv().getOrDefault("LEADLINE_DB_USER", "postgres");
        String dbPassword = System.getenv().getOrDefault("LEADLINE_DB_PASSWORD", "");
        Run run = new Run(Integer.parseInt(options.getOrDefault("rate", "200")),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("duration", "60"))),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "10"))),
                Path.of(options.getOrDefault("out", "target/bench")),
                System.getenv().getOrDefault("LEADLINE_BENCH_DB_URL", "jdbc:postgresql://127.0.0.1:5432/leadline_bench"),
                dbUser, dbPassword);
        recreateDatabase(run.dbUrl(), dbUser, dbPassword);
        run(run, System.out);
    }

    static BenchReport run(Run run, PrintStream out) throws Exception {
        out.printf("Starting the stack (own broker, database %s)...%n", run.dbUrl());
        try (LocalStack stack = LocalStack.start(stackConfig(run))) {
            WebhookLoad load = new WebhookLoad(stack.url(Service.INGEST), APP_SECRET, PHONE_NUMBER_ID);
            out.printf("Warm-up: %d/s for %d s%n", run.rate(), run.warmup().toSeconds());
            List<WebhookLoad.Sent> warm = load.run(run.rate(), run.warmup(), 0);
            awaitReplies(stack, warm, Duration.ofSeconds(60), out);
            stack.simulator().reset();

            // After the warm-up, on the idle stack: measured right after start-up, the floors would include the JIT
            // compiling five services (a Kafka round trip read 20 ms there instead of a few).
            Floors.Result floors = Floors.measure(stack.bootstrapServers(), run.dbUrl(), run.dbUser(),
                    run.dbPassword());
            out.println("Floors: Kafka produce→consume " + floors.kafkaRoundTrip() + "; PostgreSQL insert "
                    + floors.postgresInsert() + String.format(" (%.0f rows/s)", floors.postgresInsertsPerSecond()));

            out.printf("Measuring: %d webhooks/s for %d s%n", run.rate(), run.duration().toSeconds());
            long start = System.nanoTime();
            Instant startWall = Instant.now();
            try (LagSampler sampler = new LagSampler(stack.bootstrapServers(), GROUPS, Duration.ofSeconds(1), start)) {
                List<WebhookLoad.Sent> sent = load.run(run.rate(), run.duration(), 10_000_000L);
                double loadSeconds = (System.nanoTime() - start) / 1e9;
                awaitReplies(stack, sent, Duration.ofSeconds(120), out);
                BenchReport report = BenchReport.of(run.rate(), run.duration(), loadSeconds, startWall, sent,
                        stack.simulator().sends(), sampler.samples(), floors);
                out.println();
                out.println(report.summary());
                out.println("Wrote " + report.write(run.out()));
                return report;
            }
        }
    }

    private static void awaitReplies(LocalStack stack, List<WebhookLoad.Sent> sent, Duration timeout, PrintStream out)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long expected = sent.stream().filter(s -> s.status() == 200).count();
        while (System.nanoTime() < deadline) {
            long replied = stack.simulator().sends().stream().map(send -> send.to().replaceAll("\\D", ""))
                    .distinct().count();
            if (replied >= expected) {
                return;
            }
            Thread.sleep(500);
        }
        out.println("Not every message was answered within " + timeout.toSeconds() + " s of the load's end");
    }

    private static StackConfig stackConfig(Run run) throws Exception {
        Map<String, Object> defaults = new LinkedHashMap<>(StackConfig.fromEnvironment().defaults());
        defaults.put("logging.level.io.leadline", "warn");
        defaults.putAll(BenchSettings.SETTINGS);
        // The load is signed with this secret: an LEADLINE_META_APP_SECRET in the environment must not win, or every
        // webhook is refused 401. The stack's database, broker and simulator win the same way (see LocalStack).
        Map<String, Object> overrides = Map.of("LEADLINE_META_APP_SECRET", APP_SECRET);
        return new StackConfig(null, Files.createTempDirectory("leadline-bench-kafka"), KafkaBroker.freePort(),
                KafkaBroker.freePort(), run.dbUrl(), run.dbUser(), run.dbPassword(), true, null, 0, true, "",
                defaults, overrides);
    }

    private static void recreateDatabase(String url, String user, String password) throws Exception {
        String name = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        String maintenance = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
        try (Connection connection = DriverManager.getConnection(maintenance, user, password)) {
            connection.createStatement().execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
            connection.createStatement().execute("CREATE DATABASE \"" + name + "\"");
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}
