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
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import io.leadline.testkit.whatsapp.RecordedSend;

/**
 * {@code ./leadline bench [--rate 200] [--duration 60] [--warmup 10] [--out target/bench]}: the whole stack in this
 * process on its own broker and a fresh database, driven over real HTTP by signed webhooks at a fixed rate. Prints
 * and writes the webhook acknowledgement and end-to-end latencies (webhook → the simulator receives the reply),
 * throughput, consumer lag over time and whether it grew, duplicates, and the machine's floors measured in the same
 * run.
 *
 * <p>{@code --target http://127.0.0.1:8081 [--simulator http://127.0.0.1:8090] [--kafka 127.0.0.1:9092]}: the same
 * against a stack already running ({@code ./leadline run}, services in their own JVMs, the compose stack), signed
 * with {@code LEADLINE_META_APP_SECRET} (default {@code local-app-secret}), its floor measured on
 * {@code LEADLINE_BENCH_DB_URL} (default the local stack's database).
 */
public final class EndToEndBenchmark {

    private static final String APP_SECRET = "bench-app-secret";
    private static final List<String> GROUPS = List.of(Service.values()).stream()
            .filter(service -> service != Service.INGEST).map(Service::serviceName).toList();
    /** Customers of one run: a block of new phone numbers, so a running stack has never seen them. */
    private static final long CUSTOMERS_PER_RUN = 2_000_000;
    /** Blocks of customers: bench phones are 62813 and eight digits. */
    static final int BLOCKS = 40;

    /** One run: the load, where it goes, and the database (fresh unless the stack is already running). */
    record Run(int rate, Duration duration, Duration warmup, Path out, String dbUrl, String dbUser, String dbPassword,
               String appSecret, String phoneNumberId) {
    }

    private EndToEndBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Map<String, String> env = System.getenv();
        String target = options.get("target");
        Run run = new Run(Integer.parseInt(options.getOrDefault("rate", "200")),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("duration", "60"))),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "10"))),
                Path.of(options.getOrDefault("out", "target/bench")),
                env.getOrDefault("LEADLINE_BENCH_DB_URL", target == null
                        ? "jdbc:postgresql://127.0.0.1:5432/leadline_bench" : "jdbc:postgresql://127.0.0.1:5432/leadline"),
                env.getOrDefault("LEADLINE_DB_USER", "postgres"), env.getOrDefault("LEADLINE_DB_PASSWORD", ""),
                target == null ? APP_SECRET : env.getOrDefault("LEADLINE_META_APP_SECRET", "local-app-secret"),
                env.getOrDefault("LEADLINE_BUSINESS_1_PHONE_NUMBER_ID", "15550000001"));
        if (target == null) {
            recreateDatabase(run.dbUrl(), run.dbUser(), run.dbPassword());
            System.out.printf("Starting the stack (own broker, database %s)...%n", run.dbUrl());
            LocalStack stack = LocalStack.start(stackConfig(run));
            var outbound = stack.context(Service.OUTBOUND).getEnvironment();
            System.out.printf("Outbound pacing: %s messages/s per business number, %s calls in flight%n",
                    outbound.getProperty("leadline.outbound.pacing.messages-per-second"),
                    outbound.getProperty("leadline.outbound.graph.max-concurrent-requests"));
            var conversation = stack.context(Service.CONVERSATION).getEnvironment();
            System.out.printf("Listeners: %s consumer thread(s) each, offsets committed in %s mode every %s%n",
                    conversation.getProperty("spring.kafka.listener.concurrency"),
                    conversation.getProperty("spring.kafka.listener.ack-mode"),
                    conversation.getProperty("spring.kafka.listener.ack-time"));
            run(run, new OwnStack(stack, run.dbUrl()), System.out);
        } else {
            System.out.printf("Against the running stack at %s%n", target);
            run(run, new RunningStack(target, options.getOrDefault("simulator", "http://127.0.0.1:8090"),
                    options.getOrDefault("kafka", "127.0.0.1:9092"), run.dbUrl()), System.out);
        }
    }

    static BenchReport run(Run run, BenchTarget target, PrintStream out) throws Exception {
        try (target) {
            WebhookLoad load = new WebhookLoad(target.ingestUrl(), run.appSecret(), run.phoneNumberId());
            long firstCustomer = unusedBlock(target.sends(), ThreadLocalRandom.current());
            out.printf("Warm-up: %d/s for %d s%n", run.rate(), run.warmup().toSeconds());
            Instant warmStart = Instant.now();
            List<WebhookLoad.Sent> warm = load.run(run.rate(), run.warmup(), firstCustomer);
            awaitReplies(target, warm, warmStart, Duration.ofSeconds(60), out);

            // After the warm-up, on the idle stack: measured right after start-up, the floors would include the JIT
            // compiling five services (a Kafka round trip read 20 ms there instead of a few).
            Floors.Result floors = Floors.measure(target.bootstrapServers(), target.dbUrl(), run.dbUser(),
                    run.dbPassword());
            out.println("Floors: Kafka produce→consume " + floors.kafkaRoundTrip() + "; PostgreSQL insert "
                    + floors.postgresInsert() + String.format(" (%.0f rows/s)", floors.postgresInsertsPerSecond()));

            out.printf("Measuring: %d webhooks/s for %d s%n", run.rate(), run.duration().toSeconds());
            long start = System.nanoTime();
            Instant startWall = Instant.now();
            OptionalLong jitBefore = target.compilationMillis();
            try (LagSampler sampler = new LagSampler(target.bootstrapServers(), GROUPS, Duration.ofSeconds(1), start)) {
                List<WebhookLoad.Sent> sent = load.run(run.rate(), run.duration(), firstCustomer + CUSTOMERS_PER_RUN / 2);
                double loadSeconds = (System.nanoTime() - start) / 1e9;
                OptionalLong jitAfter = target.compilationMillis();
                OptionalLong jitDuringLoad = jitBefore.isPresent() && jitAfter.isPresent()
                        ? OptionalLong.of(jitAfter.getAsLong() - jitBefore.getAsLong()) : OptionalLong.empty();
                awaitReplies(target, sent, startWall, Duration.ofSeconds(120), out);
                BenchReport report = BenchReport.of(run.rate(), run.duration(), loadSeconds, startWall, sent,
                        replies(target, sent, startWall), sampler.samples(), floors, jitDuringLoad);
                out.println();
                out.println(report.summary());
                out.println("Wrote " + report.write(run.out()));
                return report;
            }
        }
    }

    /** The simulator's sends to the customers of {@code sent} since {@code since}: the replies of this phase. */
    private static List<RecordedSend> replies(BenchTarget target, List<WebhookLoad.Sent> sent, Instant since)
            throws Exception {
        return replies(target, customersOf(sent), since);
    }

    private static List<RecordedSend> replies(BenchTarget target, Set<String> customers, Instant since)
            throws Exception {
        return target.sends().stream()
                .filter(send -> !send.receivedAt().isBefore(since) && customers.contains(digits(send.to())))
                .toList();
    }

    private static Set<String> customersOf(List<WebhookLoad.Sent> sent) {
        return sent.stream().map(WebhookLoad.Sent::waId).collect(Collectors.toSet());
    }

    /**
     * Polls the simulator until every acknowledged webhook has its reply. It runs while the stack still works
     * through a backlog, on the same cores: so it builds the customers' set once, and reads each send's digits
     * without a regular expression (the regex version took 11 % of the JVM's CPU at 1,000/s in a profile).
     */
    private static void awaitReplies(BenchTarget target, List<WebhookLoad.Sent> sent, Instant since, Duration timeout,
            PrintStream out) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long expected = sent.stream().filter(s -> s.status() == 200).count();
        Set<String> customers = customersOf(sent);
        while (System.nanoTime() < deadline) {
            long replied = replies(target, customers, since).stream().map(send -> digits(send.to())).distinct().count();
            if (replied >= expected) {
                return;
            }
            Thread.sleep(500);
        }
        out.println("Not every message was answered within " + timeout.toSeconds() + " s of the load's end");
    }

    /**
     * The first customer of a block that no earlier run on this stack wrote from, as far as the simulator's sends
     * tell: a message id is made of the customer's phone, so a block used again is deduplicated by the stack and
     * never answered. Drawn among the free blocks at random; drawn among all forty, two runs on one stack got the same
     * block one time in forty, and the second found none of its messages answered.
     */
    static long unusedBlock(List<RecordedSend> earlier, RandomGenerator random) {
        Set<Long> taken = earlier.stream().map(send -> digits(send.to()))
                .filter(phone -> phone.length() == 13 && phone.startsWith("62813"))
                .map(phone -> Long.parseLong(phone.substring(5)) / CUSTOMERS_PER_RUN)
                .collect(Collectors.toSet());
        List<Long> free = LongStream.range(0, BLOCKS).boxed().filter(block -> !taken.contains(block)).toList();
        if (free.isEmpty()) {
            throw new IllegalStateException("every block of benchmark customers was used on this stack: start it on a"
                    + " fresh database");
        }
        return free.get(random.nextInt(free.size())) * CUSTOMERS_PER_RUN;
    }

    /** The digits of a phone or WhatsApp address, in order. */
    static String digits(String address) {
        StringBuilder digits = new StringBuilder(address.length());
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.toString();
    }

    private static StackConfig stackConfig(Run run) throws Exception {
        Map<String, Object> defaults = new LinkedHashMap<>(StackConfig.fromEnvironment().defaults());
        defaults.put("logging.level.io.leadline", "warn");
        // The load is signed with this secret: an LEADLINE_META_APP_SECRET in the environment must not win, or every
        // webhook is refused 401. The stack's database, broker and simulator win the same way (see LocalStack).
        Map<String, Object> overrides = new LinkedHashMap<>(BenchSettings.overrides(System.getenv()));
        overrides.put("LEADLINE_META_APP_SECRET", APP_SECRET);
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
