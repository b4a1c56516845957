package org.hiphike.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hiphike.exercise.Analysis;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.Recording;
import org.hiphike.source.BleSourceTest;
import org.hiphike.source.BluezMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hiphike ports} and {@code hiphike record --device ble:NAME} in their own JVM against BlueZ on a private
 * D-Bus (python-dbusmock's bluez5 template, found through DBUS_SYSTEM_BUS_ADDRESS as a real system bus would be).
 */
@Timeout(120)
class BleCommandsTest {
    @TempDir
    Path dir;

    @Test
    void portsListsTheBleSensorsNearbyAndWhatEachIs() throws Exception {
        try (BluezMock mock = BluezMock.start()) {
            mock.device("AA:BB:CC:00:01:01", "WT901BLE68", "witmotion");
            mock.device("AA:BB:CC:00:01:02", "hiphike-nus", "nus");
            mock.device("AA:BB:CC:00:01:03", "Headphones", "none");
            String out = run(mock, "ports", "--ble-seconds", "0.5");
            assertTrue(out.contains("Bluetooth LE (scanned 0.5 s):"), out);
            assertTrue(line(out, "WT901BLE68").matches(".*ble:AA:BB:CC:00:01:01 .*AA:BB:CC:00:01:01 +RSSI -60 dBm +WitMotion.*"), out);
            assertTrue(line(out, "hiphike-nus").matches(".*ble:AA:BB:CC:00:01:02 .*RSSI -60 dBm +hiphike NUS.*"), out);
            assertTrue(line(out, "Headphones").matches("- .*unknown.*"), out);
        }
    }

    @Test
    void portsSaysClearlyWhenThereIsNoAdapterOrNoBlueZ() throws Exception {
        String none = runWith("unix:path=" + dir.resolve("no-bus"), "ports");
        assertTrue(none.contains("Bluetooth LE: not available: no D-Bus system bus"), none);
        try (BluezMock mock = BluezMock.start()) {
            mock.command("removeadapter");
            String noAdapter = run(mock, "ports");
            assertTrue(noAdapter.contains("Bluetooth LE: no Bluetooth adapter"), noAdapter);
            Process p = start(mock.address(), "live", "--device", "ble:WT901", "--no-dashboard", "--duration", "1");
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String live = new String(p.getInputStream().readAllBytes());
            assertEquals(2, p.exitValue(), live);
            assertTrue(live.contains("hiphike live: no Bluetooth adapter"), live);
        }
    }

    @Test
    void recordTakesABleSensorByName() throws Exception {
        Recording rec = new CsvRecordingReader().read(BleSourceTest.RECORDING);
        int expectedReps = Analysis.analyze(rec).reps().size();
        Path csv = dir.resolve("ble.csv");
        try (BluezMock mock = BluezMock.start()) {
            String addr = "AA:BB:CC:00:01:04";
            mock.device(addr, "WT901BLE-rec", "witmotion");
            Process p = start(mock.address(), "record", "--device", "ble:WT901BLE-rec", "--rate-hz", "100", "-o", csv.toString(),
                    "--duration", "12", "--data-dir", dir.resolve("data").toString());
            mock.command("waitnotify " + addr + " 30");
            mock.push(addr, BleSourceTest.witPackets(rec.samples(), 0, rec.samples().size()), dir);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "record ends at --duration");
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.exitValue(), out);
            Recording got = new CsvRecordingReader(new CsvRecordingReader.Options(true, true)).read(csv);
            assertTrue(got.samples().size() >= rec.samples().size() - 1, got.samples().size() + " samples: " + out);
            assertEquals("ble:" + addr, got.metadata().get("source"));
            assertEquals("WitMotion BLE", got.metadata().get("sensor"));
            assertEquals("witmotion-ble", got.metadata().get("protocol"));
            assertEquals(expectedReps, Analysis.analyze(got).reps().size(), out);
            assertTrue(out.contains(expectedReps + " reps in 1 set"), out);
        }
    }

    private static String line(String out, String containing) {
        return out.lines().filter(l -> l.contains(containing)).findFirst().orElse("(no line with " + containing + ")");
    }

    private String run(BluezMock mock, String... args) throws Exception { return runWith(mock.address(), args); }

    private String runWith(String bus, String... args) throws Exception {
        Process p = start(bus, args);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private Process start(String bus, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("DBUS_SYSTEM_BUS_ADDRESS", bus);
        Files.createDirectories(dir);
        return pb.start();
    }
}
