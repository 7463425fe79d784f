package io.leadline.localstack.deploy;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Prometheus's own checker (Debian's {@code prometheus} package), run as a process on the repository's files. */
public final class Promtool {

    /** The repository's docker/ folder, seen from the local-stack module where the tests run. */
    public static final Path DOCKER = Path.of("..", "docker").toAbsolutePath().normalize();

    public record Result(int exitCode, String output) {
    }

    private Promtool() {
    }

    public static Result run(Path workingDirectory, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true)
                .start();
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("promtool " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Result(process.exitValue(), output);
    }

    private static String executable() {
        String configured = System.getenv("LEADLINE_PROMTOOL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "promtool"))) {
                return Path.of(dir, "promtool").toString();
            }
        }
        return fail("promtool is not installed: `apt-get install prometheus` (Debian) provides it, or set "
                + "LEADLINE_PROMTOOL to its path. .ci/run installs it when it is missing.");
    }
}
