package org.hiphike.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The C virtual sensor (firmware-protocol/host), built on first use: in {@code mvn verify} the C build runs
 * after the Java tests, so the tests build the one binary they need. Without a C compiler or make the
 * tests that need it are skipped with the reason printed, except in CI ({@code CI=true}), where they fail.
 */
final class VirtualSensor {
    static final Path DIR = Path.of("firmware-protocol");
    static final Path BINARY = DIR.resolve("build/hiphike-virtual-sensor");
    private static Path built;

    private VirtualSensor() {}

    static synchronized Path binary() throws IOException, InterruptedException {
        if (built != null) return built;
        String why = null;
        try {
            Process p = new ProcessBuilder("make", "-C", DIR.toString(), "build/hiphike-virtual-sensor")
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                why = "make timed out";
            } else if (p.exitValue() != 0) {
                why = "make failed: " + output;
            }
        } catch (IOException e) {
            why = "make is not available (" + e.getMessage() + ")";
        }
        if (why == null && !Files.isExecutable(BINARY)) why = BINARY + " was not built";
        if (why != null) {
            if ("true".equals(System.getenv("CI"))) Assertions.fail("the C virtual sensor is needed in CI: " + why);
            System.out.println("Skipping: the C virtual sensor cannot be built here: " + why);
            Assumptions.abort("the C virtual sensor cannot be built here: " + why);
        }
        built = BINARY;
        return built;
    }

    /** Starts the virtual sensor writing {@code recording}'s frames to its stdout (commands on its stdin). */
    static Process start(Path recording, double speed, String... more) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary().toAbsolutePath().toString(), recording.toString(),
                "--speed", Double.toString(speed)));
        cmd.addAll(List.of(more));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** The bytes the virtual sensor sends for {@code recording}, unpaced (a capture). */
    static Path capture(Path recording, Path out) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(binary().toAbsolutePath().toString(), recording.toString(), "--speed", "0")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("virtual sensor failed");
        return out;
    }
}
