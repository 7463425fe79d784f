package io.leadline.localstack;

import io.leadline.localstack.bench.EndToEndBenchmark;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code leadline run [--demo]}: the whole stack in the foreground until Ctrl-C ({@code leadline bench …}: the
 * end-to-end benchmark, see {@link EndToEndBenchmark}). Everything is overridable by
 * environment variables (see the README).
 */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("bench")) {
            EndToEndBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        boolean demo = List.of(args).contains("--demo");
        StackConfig config = StackConfig.fromEnvironment();
        long started = System.nanoTime();
        System.out.println("Starting Leadline: broker, WhatsApp simulator and five services...");
        LocalStack stack = LocalStack.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Leadline...");
            stack.close();
            stopped.countDown();
        }, "leadline-shutdown"));
        printUrls(stack, (System.nanoTime() - started) / 1_000_000);
        if (demo) {
            new Demo(stack, setting(config, "LEADLINE_META_APP_SECRET"), setting(config, "LEADLINE_ADMIN_TOKEN"),
                    System.getenv().getOrDefault("LEADLINE_BUSINESS_1_PHONE_NUMBER_ID", "15550000001"), System.out)
                    .run();
        }
        System.out.println("Leadline is running. Press Ctrl-C to stop.");
        stopped.await();
    }

    private static String setting(StackConfig config, String name) {
        String value = System.getenv(name);
        return value != null && !value.isBlank() ? value : String.valueOf(config.defaults().get(name));
    }

    private static void printUrls(LocalStack stack, long millis) {
        System.out.printf("%nLeadline is up in %.1f s%n", millis / 1000.0);
        System.out.println("  Kafka                 " + stack.bootstrapServers());
        if (stack.simulator() != null) {
            System.out.println("  WhatsApp simulator    " + stack.graphUrl() + "   (GET /sim/sends)");
        }
        for (Service service : Service.values()) {
            System.out.printf("  %-21s %s   (health: %s/actuator/health)%n", service.serviceName(), stack.url(service),
                    stack.url(service));
        }
        System.out.println();
    }
}
