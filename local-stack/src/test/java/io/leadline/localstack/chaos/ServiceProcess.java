package io.leadline.localstack.chaos;

import static org.awaitility.Awaitility.await;

import io.leadline.localstack.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * One service as its own operating-system process, from the exec jar its module built, so a chaos test can kill it
 * the hard way ({@code SIGKILL}: no shutdown hook, no graceful stop, a transaction or an HTTP call cut mid-way)
 * and start it again on the same port, database and consumer group.
 */
final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Service service;
    private final int port;
    private final Map<String, String> environment;
    private final List<String> arguments;
    private final Path log;
    private Process process;
    private int starts;

    ServiceProcess(Service service, int port, Map<String, String> environment, List<String> arguments, Path logDir) {
        this.service = service;
        this.port = port;
        this.environment = environment;
        this.arguments = arguments;
        this.log = logDir.resolve(service.serviceName() + ".log");
    }

    Service service() {
        return service;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    Path log() {
        return log;
    }

    synchronized int starts() {
        return starts;
    }

    synchronized void start() {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-jar", execJar().toString(), "--server.port=" + port));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            Process started = builder.start();
            // A test JVM that dies (a failsafe timeout, Ctrl-C) must not leave services running on their ports.
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "kill-" + service.serviceName()));
            process = started;
            starts++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + service.serviceName(), e);
        }
    }

    /** Waits until the service reports UP; fails at once with the tail of its log if the process exits. */
    void awaitHealthy(Duration timeout) {
        try {
            await(service.serviceName() + " healthy").atMost(timeout).pollInterval(Duration.ofMillis(250))
                    .failFast(service.serviceName() + " exited", this::exited)
                    .until(this::healthy);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new IllegalStateException(e.getMessage() + "; log:\n" + tail(), e);
        }
    }

    private synchronized boolean exited() {
        return process != null && !process.isAlive();
    }

    private boolean healthy() throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException notListeningYet) {
            return false;
        }
    }

    /** SIGKILL: the process gets no chance to finish anything. */
    synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    String tail() {
        try (Stream<String> lines = Files.lines(log)) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private Path execJar() {
        Path target = Path.of("..", service.serviceName(), "target").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no exec jar in " + target
                            + ": build the service modules first (the reactor's package phase does)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
