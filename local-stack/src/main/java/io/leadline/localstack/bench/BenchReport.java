package io.leadline.localstack.bench;

import io.leadline.testkit.whatsapp.RecordedSend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The figures of one measured run: webhook acknowledgement and end-to-end latency, throughput, duplicates, consumer
 * lag and its verdict, and the floors; as text, a lag CSV and a latency plot.
 */
record BenchReport(int rate, Duration duration, double loadSeconds, int sent, int acknowledged, Stats ack, Stats e2e,
                   int replies, double completionSeconds, long duplicates, long maxLag, String lagAtEnd,
                   LagVerdict lagVerdict, Floors.Result floors, OptionalLong jitMillis, List<LatencyPlot.Point> points,
                   List<LagSampler.Sample> lag) {

    static BenchReport of(int rate, Duration duration, double loadSeconds, Instant startWall,
            List<WebhookLoad.Sent> sent, List<RecordedSend> sends, List<LagSampler.Sample> lag, Floors.Result floors,
            OptionalLong jitMillis) {
        Map<String, List<RecordedSend>> byRecipient = sends.stream()
                .collect(Collectors.groupingBy(send -> EndToEndBenchmark.digits(send.to())));
        long[] ack = sent.stream().filter(s -> s.status() == 200).mapToLong(WebhookLoad.Sent::ackMicros).toArray();
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
        // One customer writes one message: any second send to a customer is a duplicate.
        long duplicates = byRecipient.values().stream().mapToLong(list -> Math.max(0, list.size() - 1)).sum();
        String lagAtEnd = lag.stream().filter(sample -> sample.atSeconds() <= loadSeconds).reduce((a, b) -> b)
                .map(sample -> sample.lagByGroup() + "; by listener: " + sample.lagByTopic().entrySet().stream()
                        .filter(entry -> entry.getValue() > 0).map(entry -> entry.getKey() + "=" + entry.getValue())
                        .collect(Collectors.joining(", ", "{", "}")))
                .orElse("{}");
        return new BenchReport(rate, duration, loadSeconds, sent.size(), ack.length, Stats.ofMicros(ack),
                Stats.ofMicros(e2e.stream().mapToLong(Long::longValue).toArray()), e2e.size(),
                Duration.between(startWall, lastReply).toNanos() / 1e9, duplicates,
                lag.stream().mapToLong(LagSampler.Sample::total).max().orElse(0), lagAtEnd,
                LagVerdict.of(lag, loadSeconds, rate), floors, jitMillis, points, lag);
    }

    String summary() {
        return String.join("\n",
                String.format("rate %d/s for %d s: %d webhooks sent in %.1f s, %d acknowledged 200, %d refused or "
                        + "failed", rate, duration.toSeconds(), sent, loadSeconds, acknowledged, sent - acknowledged),
                "webhook acknowledgement: " + ack,
                "end to end (webhook planned → reply at the simulator): " + e2e,
                String.format("replies: %d of %d messages; last reply %.1f s after the start → %.0f messages/s end to "
                        + "end", replies, sent, completionSeconds, replies / Math.max(completionSeconds, 1e-9)),
                "duplicate sends (more than one reply to one customer's one message): " + duplicates,
                "consumer lag: max " + maxLag + " records; per group at the end of the load: " + lagAtEnd,
                lagVerdict.toString(),
                jitMillis.isPresent()
                        ? String.format("JIT compilation during the load: %.1f s of compiler threads' time in its %.1f s",
                                jitMillis.getAsLong() / 1000.0, loadSeconds)
                        : "JIT compilation during the load: not known (the stack runs in other JVMs)",
                "floors: Kafka produce→consume " + floors.kafkaRoundTrip() + "; PostgreSQL insert "
                        + floors.postgresInsert() + String.format(" (%.0f rows/s)", floors.postgresInsertsPerSecond()),
                String.format("ratios: e2e p50 = %.1f × the Kafka round-trip p50; e2e p99 = %.1f × its p99",
                        e2e.p50Ms() / floors.kafkaRoundTrip().p50Ms(), e2e.p99Ms() / floors.kafkaRoundTrip().p99Ms()));
    }

    /** Writes the summary, the lag over time (CSV) and the latency plot (PNG); answers the three files. */
    List<Path> write(Path out) throws IOException {
        Files.createDirectories(out);
        String name = "e2e-" + rate + "per-s";
        Path text = Files.writeString(out.resolve(name + ".txt"), summary() + "\n");
        Path csv = Files.write(out.resolve(name + "-lag.csv"), lag.stream()
                .map(sample -> String.format("%.1f,%d,%s", sample.atSeconds(), sample.total(), sample.lagByGroup()))
                .toList());
        Path png = out.resolve(name + ".png");
        LatencyPlot.write(png, String.format("Leadline end to end at %d webhooks/s, %d s (p50 %.0f ms, p99 %.0f ms, "
                + "%d duplicates)", rate, duration.toSeconds(), e2e.p50Ms(), e2e.p99Ms(), duplicates), points, lag);
        return List.of(text, png, csv);
    }
}
