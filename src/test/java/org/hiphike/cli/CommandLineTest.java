package org.hiphike.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a new user meets it: the dashboard's options at the top, a clear stop, clear refusals. */
class CommandLineTest {

    @Test
    void optionsWithoutACommandAreTheDashboards() {
        assertArrayEquals(new String[] {"dashboard", "--http-port", "7071", "--no-browser"},
                Main.withDefaultCommand(new String[] {"--http-port", "7071", "--no-browser"}));
        assertArrayEquals(new String[] {"--help"}, Main.withDefaultCommand(new String[] {"--help"}));
        assertArrayEquals(new String[] {"-V"}, Main.withDefaultCommand(new String[] {"-V"}));
        assertArrayEquals(new String[] {"analyze", "x.csv"}, Main.withDefaultCommand(new String[] {"analyze", "x.csv"}));
        assertArrayEquals(new String[0], Main.withDefaultCommand(new String[0]));
    }

    @Test
    void aReportToAnUnknownExtensionIsRefusedAndNothingIsWritten(@TempDir Path dir) {
        Path out = dir.resolve("r4.docx");
        AnalyzeCommandTest.Result r = AnalyzeCommandTest.run("report", "samples/left-set_clean_100hz.csv", "-o", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("cannot write a '.docx' file"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aDeviceThatIsNotASerialPortSaysSoAndWhatToUseInstead() {
        AnalyzeCommandTest.Result r = AnalyzeCommandTest.run("live", "--device", "/dev/null", "--no-dashboard", "--no-save");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("/dev/null: not a serial port") && r.err().contains("hiphike replay FILE"), r.err());
        assertFalse(r.err().contains("error 25"), r.err());
    }

    @Test
    void aPortInUseIsOneLineWithWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String why = org.hiphike.web.DashboardLauncher.portInUse("127.0.0.1", taken.getLocalPort());
            assertTrue(why != null && why.contains("is hiphike already running there") && why.contains("--http-port"), why);
        }
    }

    /** Ctrl-C is how the dashboard is stopped: exit status 0, as its help says, with nothing on stderr. */
    @Test
    @Timeout(60)
    void ctrlCStopsTheDashboardWithStatusZero(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--http-port", "0", "--no-browser", "--no-save", "--config-dir", dir.toString())
                .redirectError(err.toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean ready = false;
            while (!ready && (line = out.readLine()) != null) ready = line.contains("stop with Ctrl-C");
            assertTrue(ready, "the dashboard started; stderr: " + Files.readString(err));
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
            assertEquals(0, kill.waitFor());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stopped");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), "exit status after Ctrl-C; stderr: " + Files.readString(err));
        String stderr = Files.readString(err);
        assertFalse(stderr.contains("INFO"), "no server log lines: " + stderr);
    }
}
