package org.hiphike.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.PelvicDropPipeline;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.Rep;
import org.hiphike.protocol.DecoderOptions;
import org.hiphike.protocol.Protocol;
import org.hiphike.protocol.SyntheticStreams;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.Recording;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BleSource} against BlueZ on D-Bus (python-dbusmock's bluez5 template on a private bus, GATT objects added by
 * the fixture): a recording's samples sent as WitMotion BLE packets and as hiphike COBS frames over the Nordic UART
 * Service reach the same reps as {@link Analysis#analyze} of the recording; the sensor going out of range and coming
 * back is survived, with the hole counted as a gap and no rep lost.
 */
public class BleSourceTest {
    public static final Path RECORDING = Path.of("samples/right-set_fast-drops_short-holds_100hz.csv");
    static BluezMock mock;
    static Recording recording;
    static List<Rep> expected;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        mock = BluezMock.start();
        System.setProperty(BlueZ.BUS_PROPERTY, mock.address());
        recording = new CsvRecordingReader().read(RECORDING);
        expected = Analysis.analyze(recording).reps();
        assertTrue(expected.size() >= 5, "the recording has reps: " + expected.size());
    }

    @AfterAll
    static void stop() {
        System.clearProperty(BlueZ.BUS_PROPERTY);
        if (mock != null) mock.close();
    }

    @Test
    void witMotionPacketsReachTheSameRepsAsTheRecording() throws Exception {
        String addr = "AA:BB:CC:00:00:01";
        mock.device(addr, "WT901BLE68", "witmotion");
        List<ImuSample> in = recording.samples();
        List<byte[]> packets = witPackets(in, 0, in.size());
        // the first packet comes with StartNotify itself: only a handler registered before it sees the packet
        mock.command("first " + addr + " " + java.util.HexFormat.of().formatHex(packets.get(0)));
        try (BleSource source = BleSource.open("ble:WT901BLE68", DecoderOptions.DEFAULT.withRateHz(100))) {
            assertEquals(BlueZ.Kind.WITMOTION, source.kind());
            Collector c = new Collector();
            Thread t = c.runOn(source);
            mock.command("waitnotify " + addr + " 10");
            long pushStart = System.nanoTime();
            mock.push(addr, packets.subList(1, packets.size()), dir);
            System.out.printf("%d WitMotion packets pushed in %.2f s%n", packets.size() - 1, (System.nanoTime() - pushStart) / 1e9);
            // the decoder holds the last packet until the next header: all but one arrive while streaming
            assertTrue(c.await(() -> c.sampleCount() >= in.size() - 1 || c.failure != null, 30_000), "samples " + c.sampleCount());
            source.close();
            t.join(5000);
            assertNull(c.failure);
            assertEquals(in.size(), c.sampleCount(), "every packet is a sample");
            assertEquals(Protocol.WITMOTION_BLE, source.stats().protocol());
            assertEquals(0, source.stats().badFrames());
            assertTrue(c.sawState(SourceStatus.State.STREAMING));
            assertEquals(SourceStatus.State.ENDED, c.lastState());
            // every sample is the recording's at the sensor's resolution (int16 of 16 g and 2000 °/s), exactly; time is
            // rebuilt at 100 Hz, within the arrival clock's corrections (the packets come far faster than 100 Hz)
            List<ImuSample> want = witResolution(in).samples(), have = c.samplesCopy();
            for (int i = 0; i < want.size(); i++) {
                ImuSample w = want.get(i), h = have.get(i);
                assertEquals(w.accG(), h.accG(), "acceleration of sample " + i);
                assertEquals(w.gyroDps(), h.gyroDps(), "angular rate of sample " + i);
                assertEquals(w.timeS(), h.timeS(), 1e-3 + 0.005 * w.timeS(), "time of sample " + i);
            }
            // and they give the recording's reps
            assertSameReps(expected, live(have), 0.02, in.get(0).timeS());
        }
    }

    @Test
    void nusFramesReachTheSameRepsAndTheBoardIsToldToStream() throws Exception {
        String addr = "AA:BB:CC:00:00:02";
        mock.device(addr, "hiphike-pelvis", "nus");
        List<ImuSample> in = recording.samples();
        try (BleSource source = BleSource.open("ble:" + addr.toLowerCase(), DecoderOptions.DEFAULT)) {
            assertEquals(BlueZ.Kind.HIPHIKE_NUS, source.kind());
            Collector c = new Collector();
            Thread t = c.runOn(source);
            mock.command("waitnotify " + addr + " 10");
            mock.push(addr, nusNotifications(in, 0, in.size(), true), dir);
            assertTrue(c.await(() -> c.sampleCount() >= in.size() || c.failure != null, 30_000), "samples " + c.sampleCount());
            // the host start-up of PROTOCOL.md 8.7 went to NUS RX: START_STREAMING (id 0x40) among the writes
            String writes = mock.command("writes " + addr);
            assertTrue(Arrays.stream(writes.split(",")).anyMatch(w -> w.length() > 2 && cobsId(w) == 0x40), "writes " + writes);
            source.close();
            t.join(5000);
            assertNull(c.failure);
            assertEquals(in.size(), c.sampleCount());
            assertEquals(Protocol.HIPHIKE, source.stats().protocol());
            assertEquals(0, source.stats().badFrames());
            assertEquals(0, source.stats().lostFrames());
            assertEquals(0, source.stats().gaps());
            assertSameReps(expected, live(c.samplesCopy()), 1e-5, in.get(0).timeS());
        }
    }

    /**
     * The firmware's own BLE code (hiphike_device + hiphike_ble, on the desktop: firmware-protocol/host/ble_notifications.c)
     * made these notifications for a recording at ATT MTU 185, with a stack that was busy 60 % of the time: frames
     * whole in one notification, and frames spanning two, all come back as the recording's samples.
     */
    @Test
    void theFirmwaresMtuSizedNotificationsGiveBackTheRecording() throws Exception {
        Path fixture = Path.of("firmware-protocol/tests/data/small_100hz_ble-mtu185_busy60.hex");
        Recording small = new CsvRecordingReader().read(Path.of("firmware-protocol/tests/data/small_100hz.csv"));
        List<byte[]> notifications = new ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(fixture)) notifications.add(java.util.HexFormat.of().parseHex(line));
        // what the fixture holds: notifications up to ATT MTU 185 - 3 bytes, some with a frame's end and the next's start
        assertTrue(notifications.stream().allMatch(n -> n.length >= 1 && n.length <= 182), "notification sizes");
        assertTrue(notifications.stream().anyMatch(n -> n.length == 182), "a full notification");
        assertTrue(notifications.stream().anyMatch(BleSourceTest::delimiterInside), "a notification spanning two frames");

        String addr = "AA:BB:CC:00:00:0B";
        mock.device(addr, "hiphike-6E31", "nus"); // the firmware's name: hiphike- and 4 hex digits of the device id
        try (BleSource source = BleSource.open("ble:hiphike-6E31", DecoderOptions.DEFAULT)) {
            assertEquals(BlueZ.Kind.HIPHIKE_NUS, source.kind());
            Collector c = new Collector();
            Thread t = c.runOn(source);
            mock.command("waitnotify " + addr + " 10");
            mock.push(addr, notifications, dir);
            int want = small.samples().size();
            assertTrue(c.await(() -> c.sampleCount() >= want || c.failure != null, 30_000), "samples " + c.sampleCount());
            source.close();
            t.join(5000);
            assertNull(c.failure);
            assertEquals(want, c.sampleCount());
            assertEquals(Protocol.HIPHIKE, source.stats().protocol());
            assertEquals(0, source.stats().badFrames());
            assertEquals(0, source.stats().lostFrames(), "no frame lost: the busy stack's notifications were retried, not dropped");
            // the recording has one hole of its own (0.51 s after 1.99 s), and the device timestamps carry it
            assertEquals(1, source.stats().gaps(), source.stats().toString());
            List<ImuSample> have = c.samplesCopy();
            double t0 = small.samples().get(0).timeS();
            for (int i = 0; i < want; i++) {
                ImuSample w = small.samples().get(i), h = have.get(i);
                // float32 on the wire, microsecond timestamps
                assertEquals((float) w.accG().x(), (float) h.accG().x(), "acc x of sample " + i);
                assertEquals((float) w.accG().y(), (float) h.accG().y(), "acc y of sample " + i);
                assertEquals((float) w.accG().z(), (float) h.accG().z(), "acc z of sample " + i);
                assertEquals((float) w.gyroDps().x(), (float) h.gyroDps().x(), "gyro x of sample " + i);
                assertEquals((float) w.gyroDps().y(), (float) h.gyroDps().y(), "gyro y of sample " + i);
                assertEquals((float) w.gyroDps().z(), (float) h.gyroDps().z(), "gyro z of sample " + i);
                assertEquals(w.timeS() - t0, h.timeS() - have.get(0).timeS(), 1e-6, "time of sample " + i);
            }
        }
    }

    /** Whether a 0x00 (the end of a frame) is inside the notification, not only at its end. */
    private static boolean delimiterInside(byte[] n) {
        for (int i = 0; i < n.length - 1; i++) if (n[i] == 0) return true;
        return false;
    }

    @Test
    void outOfRangeAndBackIsSurvivedWithTheGapCounted() throws Exception {
        String addr = "AA:BB:CC:00:00:03";
        mock.device(addr, "WT901BLE-gap", "witmotion");
        List<ImuSample> in = recording.samples();
        int cut = quietMiddle(recording, expected), resume = cut + 100; // one second between two reps is never sent
        try (BleSource source = BleSource.open("ble:" + addr, DecoderOptions.DEFAULT.withRateHz(100))) {
            Collector c = new Collector();
            Thread t = c.runOn(source);
            mock.command("waitnotify " + addr + " 10");
            mock.push(addr, witPackets(in, 0, cut), dir);
            assertTrue(c.await(() -> c.sampleCount() >= cut - 1, 30_000), "samples " + c.sampleCount());
            mock.command("away " + addr);
            assertTrue(c.await(() -> c.sawState(SourceStatus.State.LOST), 5000), "LOST: " + c.statuses);
            Thread.sleep(1500); // reconnection attempts fail while it is away
            assertEquals(0, source.stats().reconnects());
            mock.command("back " + addr);
            mock.command("waitnotify " + addr + " 15");
            mock.push(addr, witPackets(in, resume, in.size()), dir);
            int total = cut + in.size() - resume;
            assertTrue(c.await(() -> c.sampleCount() >= total - 1, 30_000), "samples " + c.sampleCount());
            source.close();
            t.join(5000);
            assertNull(c.failure);
            assertEquals(total, c.sampleCount());
            assertEquals(1, source.stats().reconnects());
            assertTrue(source.stats().gaps() >= 1, "the time out of range is a gap: " + source.stats());
            List<ImuSample> s = c.samplesCopy();
            for (int i = 1; i < s.size(); i++) assertTrue(s.get(i).timeS() >= s.get(i - 1).timeS());
            assertTrue(s.get(cut).timeS() - s.get(cut - 1).timeS() > 1.0, "time jumps over the hole, not before it: "
                    + s.get(cut - 2).timeS() + " " + s.get(cut - 1).timeS() + " " + s.get(cut).timeS());
            assertSameRepsUntimed(expected, live(s));
        }
    }

    @Test
    void aDeviceBlueZDropsIsFoundAgainWhenItIsBack() throws Exception {
        String addr = "AA:BB:CC:00:00:04";
        mock.device(addr, "hiphike-removed", "nus");
        List<ImuSample> in = recording.samples();
        int cut = quietMiddle(recording, expected), resume = cut + 100;
        try (BleSource source = BleSource.open("ble:hiphike-removed", DecoderOptions.DEFAULT)) {
            Collector c = new Collector();
            Thread t = c.runOn(source);
            mock.command("waitnotify " + addr + " 10");
            mock.push(addr, nusNotifications(in, 0, cut, true), dir);
            assertTrue(c.await(() -> c.sampleCount() >= cut, 30_000), "samples " + c.sampleCount());
            mock.command("remove " + addr);
            assertTrue(c.await(() -> c.sawState(SourceStatus.State.LOST), 5000), "LOST: " + c.statuses);
            Thread.sleep(1000);
            mock.device(addr, "hiphike-removed", "nus"); // seen again in a scan
            mock.command("waitnotify " + addr + " 20");
            // the board carries on with its sequence numbers; the frames sent while it was away never arrive
            mock.push(addr, nusNotifications(in, resume, in.size(), false), dir);
            int total = cut + in.size() - resume;
            assertTrue(c.await(() -> c.sampleCount() >= total, 30_000), "samples " + c.sampleCount());
            source.close();
            t.join(5000);
            assertNull(c.failure);
            assertEquals(1, source.stats().reconnects());
            assertEquals(1, source.stats().gaps(), source.stats().toString());
            assertEquals(resume - cut, source.stats().droppedSamples(), "the samples of the hole are counted: " + source.stats());
            assertEquals(resume - cut, source.stats().lostFrames(), "and missing by sequence number");
            assertSameRepsUntimed(expected, live(c.samplesCopy()));
        }
    }

    @Test
    void anUnknownDeviceAndAMissingOneAreRefusedWithAClearMessage() throws Exception {
        mock.device("AA:BB:CC:00:00:05", "Headphones", "none");
        IOException e = assertThrows(IOException.class, () -> BleSource.open("ble:Headphones", DecoderOptions.DEFAULT));
        assertTrue(e.getMessage().contains("neither the WitMotion service"), e.getMessage());
        IOException missing = assertThrows(IOException.class, () -> BleSource.open("ble:11:22:33:44:55:66", DecoderOptions.DEFAULT));
        assertTrue(missing.getMessage().contains("no such Bluetooth LE device nearby"), missing.getMessage());
        mock.device("AA:BB:CC:00:00:09", "Twin-A", "witmotion");
        mock.device("AA:BB:CC:00:00:0A", "Twin-B", "witmotion");
        IOException two = assertThrows(IOException.class, () -> BleSource.open("ble:twin", DecoderOptions.DEFAULT));
        assertTrue(two.getMessage().contains("several Bluetooth LE devices match 'twin'") && two.getMessage().contains("AA:BB:CC:00:00:0A"),
                two.getMessage());
    }

    @Test
    void theScanListsNameAddressRssiAndKind() throws Exception {
        mock.device("AA:BB:CC:00:00:06", "WT901BLE-list", "witmotion");
        try (BlueZ b = BlueZ.connect()) {
            assertEquals(List.of("/org/bluez/hci0"), b.adapters());
            BlueZ.Device d = BlueZ.find(b.scan(java.time.Duration.ofMillis(200)), "wt901ble-list").orElseThrow();
            assertEquals("AA:BB:CC:00:00:06", d.address());
            assertEquals(-60, d.rssi());
            assertEquals(BlueZ.Kind.WITMOTION, d.kind());
            assertTrue(d.oneLine().contains("RSSI -60 dBm") && d.oneLine().contains("WitMotion"), d.oneLine());
        }
    }

    @Test
    void theDashboardMenuListsBleSensorsAndOpensOne() throws Exception {
        String addr = "AA:BB:CC:00:00:07";
        mock.device(addr, "hiphike-menu", "nus");
        mock.device("AA:BB:CC:00:00:08", "Speaker", "none");
        org.hiphike.web.SourceCatalog catalog = new org.hiphike.web.SourceCatalog(null,
                SensorPorts.of(SensorPorts.NONE, new BleSensorPorts()), 1);
        var entries = catalog.sensorEntries();
        assertTrue(entries.stream().anyMatch(e -> e.toString().contains("ble:" + addr) && e.toString().contains("hiphike NUS")), entries.toString());
        assertTrue(entries.stream().noneMatch(e -> e.toString().contains("Speaker")), "only sensors are offered: " + entries);
        assertNull(catalog.firstSensor(), "a BLE sensor nearby is not opened unasked");
        SampleSource s = catalog.open("sensor", "ble:" + addr, 1, org.hiphike.web.Prescription.DEFAULTS);
        try {
            assertTrue(s instanceof BleSource b && b.kind() == BlueZ.Kind.HIPHIKE_NUS, s.description());
            assertTrue(s.description().startsWith("ble:" + addr + " (hiphike-menu, hiphike NUS)"), s.description());
        } finally {
            s.close();
        }
        assertThrows(Exception.class, () -> catalog.open("sensor", "ble:AA:BB:CC:00:00:08", 1, org.hiphike.web.Prescription.DEFAULTS), "an unlisted device is refused");
    }

    // ---- helpers ----

    /** The index of a sample in the middle of the longest pause between two reps. */
    public static int quietMiddle(Recording recording, List<Rep> expected) {
        double bestGap = 0, at = 0;
        for (int i = 1; i < expected.size(); i++) {
            double gap = expected.get(i).startS() - expected.get(i - 1).endS();
            if (gap > bestGap) {
                bestGap = gap;
                at = (expected.get(i).startS() + expected.get(i - 1).endS()) / 2 - 0.5;
            }
        }
        assertTrue(bestGap > 2.5, "a pause of " + bestGap + " s");
        List<ImuSample> s = recording.samples();
        for (int i = 0; i < s.size(); i++) if (s.get(i).timeS() >= at) return i;
        throw new AssertionError();
    }

    static List<Rep> live(List<ImuSample> samples) {
        PelvicDropPipeline p = new PelvicDropPipeline(PipelineSettings.DEFAULTS);
        for (ImuSample s : samples) p.update(s);
        p.finish();
        return p.reps();
    }

    /** Same reps; times within {@code timeTol} × (1 + t): a fixed part and one that grows with the time. */
    static void assertSameReps(List<Rep> want, List<Rep> got, double timeTol, double shift) {
        assertSameRepsUntimed(want, got);
        for (int i = 0; i < want.size(); i++) {
            Rep w = want.get(i), g = got.get(i);
            assertEquals(w.startS(), g.startS() + shift, timeTol * (1 + w.startS()), "start of rep " + (i + 1));
            assertEquals(w.bottomS(), g.bottomS() + shift, timeTol * (1 + w.bottomS()), "bottom of rep " + (i + 1));
            assertEquals(w.endS(), g.endS() + shift, timeTol * (1 + w.endS()), "end of rep " + (i + 1));
            assertEquals(w.holdS(), g.holdS(), Math.max(timeTol * (1 + w.holdS()), 0.02), "hold of rep " + (i + 1));
            // the knee sink is integrated twice from acceleration: a few ms of rebuilt time move it by a tenth of a cm
            assertEquals(w.kneeDropCm(), g.kneeDropCm(), timeTol >= 0.01 ? 0.3 : 0.01, "knee drop of rep " + (i + 1));
            boolean kneeOnTheLine = Math.abs(w.kneeDropCm() - org.hiphike.exercise.Thresholds.DEFAULTS.kneeDropCm()) < 0.3;
            if (timeTol >= 0.01 && kneeOnTheLine) {
                assertEquals(w.faults().stream().filter(f -> f != org.hiphike.exercise.Fault.KNEE_BEND).toList(),
                        g.faults().stream().filter(f -> f != org.hiphike.exercise.Fault.KNEE_BEND).toList(), "faults of rep " + (i + 1));
            } else {
                assertEquals(w.faults(), g.faults(), "faults of rep " + (i + 1));
            }
        }
    }

    static void assertSameRepsUntimed(List<Rep> want, List<Rep> got) {
        assertEquals(want.size(), got.size(), "reps: " + got);
        for (int i = 0; i < want.size(); i++) {
            Rep w = want.get(i), g = got.get(i);
            assertEquals(w.side(), g.side(), "side of rep " + (i + 1));
            assertEquals(w.set(), g.set(), "set of rep " + (i + 1));
            assertEquals(w.peakDropDeg(), g.peakDropDeg(), 0.1, "peak of rep " + (i + 1));
        }
    }

    /** Samples {@code from..to-1} as WitMotion BLE packets (0x55 0x61, int16: 16 g, 2000 °/s, angles), one a notification. */
    public static List<byte[]> witPackets(List<ImuSample> s, int from, int to) {
        List<byte[]> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            ImuSample x = s.get(i);
            ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
            b.put((byte) 0x55).put((byte) 0x61);
            b.putShort(i16(x.accG().x() / 16)).putShort(i16(x.accG().y() / 16)).putShort(i16(x.accG().z() / 16));
            b.putShort(i16(x.gyroDps().x() / 2000)).putShort(i16(x.gyroDps().y() / 2000)).putShort(i16(x.gyroDps().z() / 2000));
            b.putShort((short) 0).putShort((short) 0).putShort((short) 0);
            out.add(b.array());
        }
        return out;
    }

    /** The recording as a WitMotion BLE sensor would report it: values at its resolution, time rebuilt at 100 Hz from 0. */
    static Recording witResolution(List<ImuSample> s) {
        List<ImuSample> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            ImuSample x = s.get(i);
            out.add(new ImuSample(i / 100.0,
                    new org.hiphike.core.Vec3(q(x.accG().x(), 16), q(x.accG().y(), 16), q(x.accG().z(), 16)),
                    new org.hiphike.core.Vec3(q(x.gyroDps().x(), 2000), q(x.gyroDps().y(), 2000), q(x.gyroDps().z(), 2000))));
        }
        return new Recording("witmotion-ble", java.util.Map.of(), out);
    }

    private static double q(double v, double range) { return i16(v / range) * (range / 32768.0); }

    private static short i16(double fraction) {
        return (short) Math.max(-32768, Math.min(32767, Math.round(fraction * 32768)));
    }

    /**
     * Samples {@code from..to-1} as hiphike IMU frames (sequence number = index + 1, device time in µs), after a HELLO,
     * as a UART bridge sends them: the byte stream cut into notifications of 20 bytes, frames split across them.
     */
    public static List<byte[]> nusNotifications(List<ImuSample> s, int from, int to, boolean hello) {
        java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
        if (hello) stream.writeBytes(SyntheticStreams.stream(Protocol.HIPHIKE, 0, 100, 1));
        double t0 = s.get(0).timeS();
        for (int i = from; i < to; i++) {
            ImuSample x = s.get(i);
            ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
            b.put((byte) 1).put((byte) 0).putInt((int) Math.round((x.timeS() - t0) * 1e6));
            b.putFloat((float) x.accG().x()).putFloat((float) x.accG().y()).putFloat((float) x.accG().z());
            b.putFloat((float) x.gyroDps().x()).putFloat((float) x.gyroDps().y()).putFloat((float) x.gyroDps().z());
            stream.writeBytes(SyntheticStreams.hiphikeFrame(0x02, (i + 1) & 0xFFFF, b.array()));
        }
        byte[] all = stream.toByteArray();
        List<byte[]> out = new ArrayList<>();
        for (int off = 0; off < all.length; off += 20) out.add(Arrays.copyOfRange(all, off, Math.min(all.length, off + 20)));
        return out;
    }

    /** The message id of a host command written as a COBS frame (hex): the first decoded byte. */
    private static int cobsId(String hex) {
        byte[] b = java.util.HexFormat.of().parseHex(hex);
        return b.length > 1 ? b[1] & 0xFF : -1;
    }
}
