package io.leadline.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.localstack.LocalStackMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code ./leadline bench …} as its own process, through the same entry point an operator uses. */
final class BenchProcess {

    private BenchProcess() {
    }

    /** Runs the benchmark with these arguments and environment; answers what it printed, after it exited 0. */
    static String run(Path log, Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx768m", "-cp", System.getProperty("java.class.path"),
                LocalStackMain.class.getName(), "bench"));
        command.addAll(List.of(arguments));
        ProcessBuilder bench = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        bench.environment().putAll(environment);
        Process process = bench.start();
        boolean finished = process.waitFor(4, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertThat(finished).as("the benchmark finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** The figures every run must show for {@code messages} webhooks, each answered once. */
    static void assertEveryMessageAnsweredOnce(String output, int messages) {
        assertThat(output).contains("Floors: Kafka produce→consume n=", "webhook acknowledgement: n=" + messages,
                "end to end (webhook planned → reply at the simulator): n=" + messages,
                messages + " acknowledged 200, 0 refused or failed",
                "duplicate sends (more than one reply to one customer's one message): 0");
        Matcher replies = Pattern.compile("replies: (\\d+) of (\\d+) messages").matcher(output);
        assertThat(replies.find()).as(output).isTrue();
        assertThat(replies.group(1)).as("every message answered").isEqualTo(replies.group(2))
                .isEqualTo(Integer.toString(messages));
        assertThat(output).containsPattern("(?m)^(lag did not grow|LAG GREW): \\d+ records at the end of the load");
    }
}
