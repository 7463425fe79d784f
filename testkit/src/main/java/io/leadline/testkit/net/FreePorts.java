package io.leadline.testkit.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers that tests stop and start again on the same port (a killed service, a restarted broker).
 *
 * <p>A port the kernel hands out for {@code bind(0)} lies in its ephemeral range, the same range it uses for the
 * local end of outgoing connections. While such a server is down, any client socket (or a health probe that
 * connects to itself on loopback) may take the port, and the restart fails with "port already in use": seen in
 * the chaos test. So ports come from below the ephemeral range, checked free, and never twice from one JVM.
 */
public final class FreePorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Below Linux's default ephemeral range (32768–60999); macOS and Windows start theirs at 49152. */
    private static final int DEFAULT_CEILING = 32_768;
    private static final int FLOOR = 10_000;
    private static final int ATTEMPTS = 200;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    /** A port nothing listens on now, outside the ephemeral range, not handed out before in this JVM. */
    public static synchronized int next() {
        int ceiling = Math.min(DEFAULT_CEILING, ephemeralLowerBound());
        for (int attempt = 0; ceiling > FLOOR && attempt < ATTEMPTS; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(FLOOR, ceiling);
            if (!HANDED_OUT.contains(candidate) && bindable(candidate)) {
                HANDED_OUT.add(candidate);
                return candidate;
            }
        }
        // A machine whose ephemeral range starts very low: the kernel's choice is the best left.
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int ephemeralLowerBound() {
        // Not Files.readString: procfs reports a size that makes it return the first character only.
        try (BufferedReader reader = Files.newBufferedReader(EPHEMERAL_RANGE)) {
            return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException notLinux) {
            return DEFAULT_CEILING;
        }
    }
}
