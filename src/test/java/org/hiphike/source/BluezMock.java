package org.hiphike.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * BlueZ for tests: {@code src/test/resources/ble/bluez_fixture.py} runs a private dbus-daemon with python-dbusmock's
 * bluez5 template and GATT objects added by hand; this drives it line by line. Skips when dbus-daemon or dbusmock is
 * missing, except in CI (CI=true) where that fails.
 */
public final class BluezMock implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";
    private final Process process;
    private final BufferedReader in;
    private final Writer out;
    private final String address;

    private BluezMock(Process p, BufferedReader in, Writer out, String address) {
        this.process = p;
        this.in = in;
        this.out = out;
        this.address = address;
    }

    /** Starts the mock, or skips the test (fails in CI) with the reason printed. */
    public static BluezMock start() throws IOException {
        String missing = null;
        if (!Files.isExecutable(Path.of("/usr/bin/dbus-daemon"))) missing = "dbus-daemon is missing (apt-get install -y dbus-daemon)";
        else if (!Files.isExecutable(Path.of(PYTHON))) missing = PYTHON + " is missing";
        else if (run(PYTHON, "-c", "import dbus, dbusmock") != 0) missing = "python3-dbusmock is missing (apt-get install -y python3-dbusmock)";
        if (missing != null) {
            if ("true".equals(System.getenv("CI"))) throw new AssertionError(missing + ": required in CI");
            System.out.println("BLE test skipped: " + missing);
            Assumptions.abort(missing);
        }
        Path script = Path.of("src/test/resources/ble/bluez_fixture.py").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(PYTHON, script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().remove("DBUS_SYSTEM_BUS_ADDRESS");
        Process p = pb.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Writer out = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
        String ready = in.readLine();
        if (ready == null || !ready.startsWith("ready ")) {
            p.destroy();
            throw new IOException("the BlueZ mock did not start: " + ready);
        }
        return new BluezMock(p, in, out, ready.substring(6).trim());
    }

    private static int run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The private bus's address (for {@link BlueZ#BUS_PROPERTY}). */
    public String address() { return address; }

    /** Sends a command and returns the answer after "ok "; an "err" answer throws. */
    public synchronized String command(String line) throws IOException {
        out.write(line + "\n");
        out.flush();
        String answer = in.readLine();
        if (answer == null) throw new IOException("the BlueZ mock ended");
        if (!answer.startsWith("ok")) throw new IOException("mock: " + line + " -> " + answer);
        return answer.length() > 3 ? answer.substring(3) : "";
    }

    public void device(String address, String name, String kind) throws IOException { command("device " + address + " " + name + " " + kind); }

    /** Pushes each packet as one notification of the device's data characteristic; returns when all were emitted. */
    public void push(String address, List<byte[]> packets, Path folder) throws IOException {
        Path f = Files.createTempFile(folder, "packets", ".hex");
        StringBuilder sb = new StringBuilder(packets.size() * 42);
        HexFormat hex = HexFormat.of();
        for (byte[] p : packets) sb.append(hex.formatHex(p)).append('\n');
        Files.writeString(f, sb);
        command("push " + address + " " + f);
    }

    @Override
    public void close() {
        try {
            out.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroy();
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }
}
