package io.leadline.localstack.bench;

import io.leadline.localstack.LocalStack;
import io.leadline.localstack.Service;
import io.leadline.localstack.StackConfig;
import io.leadline.testkit.kafka.KafkaBroker;
import io.leadline.testkit.whatsapp.RecordedSend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code ./leadline bench [--rate 200] [--duration 60] [--warmup 10] [--out target/bench]}: the whole stack in this
 * process on its own broker and a fresh database, driven over real HTTP by signed webhooks at a fixed rate. Prints
 * and writes the webhook acknowledgement and end-to-end latencies (webhook → the simulator receives the reply),
 * throughput, consumer lag over time, duplicates, and the machine's floors measured in the same run.
 */
public final class EndToEndBenchmark {

    private static final String APP_SECRET = "bench-app-secret";
    private static final String PHONE_NUMBER_ID = "15550000001";
    private static final List<String> GROUPS = List.of(Service.values()).stream()
            .filter(service -> service != Service.INGEST).map(Service::serviceName).toList();

    private EndToEndBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int rate = Integer.parseInt(options.getOrDefault("rate", "200"));
        Duration duration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("duration", "60")));
        Duration warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "10")));
        Path out = Path.of(options.getOrDefault("out", "target/bench"));
        Files.createDirectories(out);
        String dbUrl = System.getenv().getOrDefault("LEADLINE_BENCH_DB_URL", "jdbc:postgresql://127.0.0.1:5432/leadline_bench");
        String dbUser = System.getenv().getOrDefault("LEADLINE_DB_USER", "postgres");
        String dbPassword = System.getenv().getOrDefault("LEADLINE_DB_PASSWORD", "");
        recreateDatabase(dbUrl, dbUser, dbPassword);

        System.out.printf("Starting the stack (own broker, database %s)...%n", dbUrl);
        try (LocalStack stack = LocalStack.start(stackConfig(dbUrl, dbUser, dbPassword))) {
            Floors.Result floors = Floors.measure(stack.bootstrapServers(), dbUrl, dbUser, dbPassword);
            System.out.println("Floors: Kafka produce→consume " + floors.kafkaRoundTrip() + "; PostgreSQL insert "
                    + floors.postgresInsert() + String.format(" (%.0f rows/s)", floors.postgresInsertsPerSecond()));

            WebhookLoad load = new WebhookLoad(stack.url(Service.INGEST), APP_SECRET, PHONE_NUMBER_ID);
            System.out.printf("Warm-up: %d/s for %d s%n", rate, warmup.toSeconds());
            List<WebhookLoad.Sent> warm = load.run(rate, warmup, 0);
            awaitReplies(stack, warm, Duration.ofSeconds(60));
            stack.simulator().reset();

            System.out.printf("Measuring: %d webhooks/s for %d s%n", rate, duration.toSeconds());
            long start = System.nanoTime();
            Instant startWall = Instant.now();
            List<WebhookLoad.Sent> sent;
            List<LagSampler.Sample> lag;
            try (LagSampler sampler = new LagSampler(stack.bootstrapServers(), GROUPS, Duration.ofSeconds(1), start)) {
                sent = load.run(rate, duration, 10_000_000L);
                double loadSeconds = (System.nanoTime() - start) / 1e9;
                awaitReplies(stack, sent, Duration.ofSeconds(120));
                lag = sampler.samples();
                report(out, rate, duration, loadSeconds, startWall, sent, stack.simulator().sends(), lag, floors);
            }
        }
    }

    private static void report(Path out, int rate, Duration duration, double loadSeconds, Instant startWall,
                               List<WebhookLoad.Sent> sent, List<RecordedSend> sends, List<LagSampler.Sample> lag,
                               Floors.Result floors) throws Exception {
        Map<String, List<RecordedSend>> byRecipient = sends.stream()
                .collect(Collectors.groupingBy(send -> send.to().replaceAll("\\D", "")));
        long[] ack = sent.stream().filter(s -> s.status() == 200).mapToLong(WebhookLoad.Sent::ackMicros).toArray();
        long refused = sent.stream().filter(s -> s.status() != 200).count();
        List<LatencyPlot.Point> points = new ArrayList<>();
        List<Long> e2e = new ArrayList<>();
        Instant lastReply = startWall;
        for (WebhookLoad.Sent s : sent) {
            List<RecordedSend> replies = byRecipient.getOrDefault(s.waId(), List.of());
            if (!replies.isEmpty()) {
                Instant first = replies.stream().map(RecordedSend::receivedAt).min(Instant::compareTo).orElseThrow();
                long micros = Duration.between(s.plannedAt(), first).toNanos() / 1_000;
                e2e.add(micros);
                points.add(new LatencyPlot.Point(Duration.between(startWall, s.plannedAt()).toNanos() / 1e9,
                        micros / 1000.0));
                lastReply = first.isAfter(lastReply) ? first : lastReply;
            }
        }
        long duplicates = byRecipient.values().stream().mapToLong(list -> Math.max(0, list.size() - 1)).sum();
        Stats ackStats = Stats.ofMicros(ack);
        Stats e2eStats = Stats.ofMicros(e2e.stream().mapToLong(Long::longValue).toArray());
        double completionSeconds = Duration.between(startWall, lastReply).toNanos() / 1e9;
        long maxLag = lag.stream().mapToLong(LagSampler.Sample::total).max().orElse(0);
        String summary = String.join("\n",
                String.format("rate %d/s for %d s: %d webhooks sent in %.1f s, %d acknowledged 200, %d refused or failed",
                        rate, duration.toSeconds(), sent.size(), loadSeconds, ack.length, refused),
                "webhook acknowledgement: " + ackStats,
                "end to end (webhook planned → reply at the simulator): " + e2eStats,
                String.format("replies: %d of %d messages; last reply %.1f s after the start → %.0f messages/s end to end",
                        e2e.size(), sent.size(), completionSeconds, e2e.size() / Math.max(completionSeconds, 1e-9)),
                "duplicate sends (more than one reply to one customer's one message): " + duplicates,
                "consumer lag: max " + maxLag + " records; per group at the end of the load: " + lagAt(lag, loadSeconds),
                "floors: Kafka produce→consume " + floors.kafkaRoundTrip() + "; PostgreSQL insert " + floors.postgresInsert()
                        + String.format(" (%.0f rows/s)", floors.postgresInsertsPerSecond()),
                String.format("ratios: e2e p50 = %.1f × the Kafka round-trip p50; e2e p99 = %.1f × its p99",
                        e2eStats.p50Ms() / floors.kafkaRoundTrip().p50Ms(), e2eStats.p99Ms() / floors.kafkaRoundTrip().p99Ms()));
        System.out.println();
        System.out.println(summary);
        String name = "e2e-" + rate + "per-s";
        Files.writeString(out.resolve(name + ".txt"), summary + "\n");
        Files.write(out.resolve(name + "-lag.csv"), lag.stream()
                .map(sample -> String.format("%.1f,%d,%s", sample.atSeconds(), sample.total(), sample.lagByGroup()))
                .toList());
        LatencyPlot.write(out.resolve(name + ".png"), String.format("Leadline end to end at %d webhooks/s, %d s "
                + "(p50 %.0f ms, p99 %.0f ms, %d duplicates)", rate, duration.toSeconds(), e2eStats.p50Ms(),
                e2eStats.p99Ms(), duplicates), points, lag);
        System.out.println("Wrote " + out.resolve(name + ".txt") + ", " + name + ".png and " + name + "-lag.csv");
    }

    private static String lagAt(List<LagSampler.Sample> lag, double seconds) {
        return lag.stream().filter(sample -> sample.atSeconds() <= seconds).reduce((a, b) -> b)
                .map(sample -> sample.lagByGroup().toString()).orElse("{}");
    }

    private static void awaitReplies(LocalStack stack, List<WebhookLoad.Sent> sent, Duration timeout)
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
        System.out.println("Not every message was answered within " + timeout.toSeconds() + " s of the load's end");
    }

    private static StackConfig stackConfig(String dbUrl, String dbUser, String dbPassword) throws Exception {
        Map<String, Object> defaults = new LinkedHashMap<>(StackConfig.fromEnvironment().defaults());
        defaults.put("LEADLINE_META_APP_SECRET", APP_SECRET);
        defaults.put("logging.level.io.leadline", "warn");
        defaults.putAll(BenchSettings.SETTINGS);
        return new StackConfig(null, Files.createTempDirectory("leadline-bench-kafka"), KafkaBroker.freePort(),
                KafkaBroker.freePort(), dbUrl, dbUser, dbPassword, true, null, 0, true, "", defaults, Map.of());
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
