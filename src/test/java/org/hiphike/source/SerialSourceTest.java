package org.hiphike.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hiphike.core.ImuSample;
import org.hiphike.protocol.Protocol;
import org.hiphike.protocol.SyntheticStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link SerialSource} on a real serial path: a pseudo-terminal with bytes written at a sensor's pace. */
@Timeout(30)
class SerialSourceTest {
    @TempDir
    Path dir;

    /** Every protocol is detected from its first bytes and decoded live, times non-decreasing. */
    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = {"HIPHIKE", "WITMOTION_SERIAL", "XIMU3_ASCII", "XIMU3_BINARY", "CSV_LINES"})
    void detectsAndDecodesEveryProtocolLive(Protocol protocol) throws Exception {
        int n = 300;
        double rateHz = 200;
        byte[] stream = SyntheticStreams.stream(protocol, n, rateHz, 7);
        try (PtySensor sensor = new PtySensor(dir); SerialSource source = SerialSource.open(SerialSourceConfig.of(sensor.path()))) {
            Collector c = new Collector();
            Thread reader = c.runOn(source);
            sensor.playPaced(stream, stream.length / (n / rateHz), 64);
            // the decoders of protocols without a checksum hold the last sample until the next frame
            assertTrue(c.await(() -> c.sampleCount() >= n - 1 || c.failure != null, 10_000),
                    "samples " + c.sampleCount() + ", failure " + c.failure);
            assertNull(c.failure);
            assertEquals(protocol, source.stats().protocol());
            assertTrue(source.stats().detected());
            List<ImuSample> s = c.samplesCopy();
            for (int i = 1; i < s.size(); i++) assertTrue(s.get(i).timeS() >= s.get(i - 1).timeS());
            assertEquals(0, source.stats().badFrames());
            String streaming = c.statuses.stream().filter(x -> x.state() == SourceStatus.State.STREAMING).findFirst().orElseThrow().detail();
            assertEquals(protocol == Protocol.WITMOTION_SERIAL, streaming.contains("--rate-hz"), streaming);
            source.close();
            reader.join(2000);
            assertEquals(SourceStatus.State.ENDED, c.lastState());
        }
    }

    /**
     * A HELLO that announces a rate no IMU streams at, or one its own timestamps contradict, is not taken as it comes:
     * the rate decides how many samples each interval lost.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(doubles = {1e9, 400})
    void anAnnouncedRateIsCheckedAgainstTheTimestamps(double announcedHz) throws Exception {
        int n = 300;
        double rateHz = 200;
        byte[] stream = SyntheticStreams.stream(Protocol.HIPHIKE, n, rateHz, announcedHz, 7);
        try (PtySensor sensor = new PtySensor(dir); SerialSource source = SerialSource.open(SerialSourceConfig.of(sensor.path()))) {
            Collector c = new Collector();
            Thread reader = c.runOn(source);
            sensor.playPaced(stream, stream.length / (n / rateHz), 64);
            assertTrue(c.await(() -> c.sampleCount() >= n || c.failure != null, 10_000), "samples " + c.sampleCount());
            assertNull(c.failure);
            assertEquals(0, source.stats().droppedSamples(), "no sample was lost");
            assertEquals(0, source.stats().gaps());
            assertEquals(rateHz, source.stats().sampleRateHz(), 1);
            String details = String.join(" | ", c.statuses.stream().map(SourceStatus::detail).toList());
            assertTrue(details.contains(announcedHz > 5000 ? "which no IMU streams at" : "but its timestamps give 200.0 Hz"), details);
            source.close();
            reader.join(2000);
        }
    }

    @Test
    void unplugAndReplugContinuesTheSameStream() throws Exception {
        double rateHz = 100;
        try (PtySensor sensor = new PtySensor(dir);
             SerialSource source = SerialSource.open(SerialSourceConfig.of(sensor.path()).withProtocol(Protocol.HIPHIKE))) {
            Collector c = new Collector();
            Thread reader = c.runOn(source);
            byte[] stream = SyntheticStreams.stream(Protocol.HIPHIKE, 600, rateHz, 3);
            sensor.playPaced(stream, stream.length / 6.0, 37);
            assertTrue(c.await(() -> c.sampleCount() >= 150, 5000));
            sensor.unplug();
            assertTrue(c.await(() -> c.sawState(SourceStatus.State.LOST), 2000), "LOST reported: " + c.statuses);
            int atUnplug = c.sampleCount();
            long t0 = System.nanoTime();
            sensor.plug();
            assertTrue(c.await(() -> c.sampleCount() > atUnplug + 20, 3000), "samples after replug");
            double reopenS = (System.nanoTime() - t0) / 1e9;
            assertTrue(reopenS < 1.5, "reopened after " + reopenS + " s");
            assertEquals(1, source.stats().reconnects());
            List<ImuSample> s = c.samplesCopy();
            for (int i = 1; i < s.size(); i++) assertTrue(s.get(i).timeS() >= s.get(i - 1).timeS());
            // Whether frames were lost while unplugged depends on how long the unplug lasted under load; when the
            // delivered samples have a hole in device time, it is counted as a gap, and only then.
            boolean hole = false;
            for (int i = 1; i < s.size(); i++) hole |= s.get(i).timeS() - s.get(i - 1).timeS() > 1.5 / rateHz;
            assertEquals(hole, source.stats().gaps() >= 1, "a hole in device time is counted as a gap: " + source.stats());
            source.close();
            reader.join(2000);
        }
    }

    @Test
    void aSilentSensorIsReportedSilent() throws Exception {
        try (PtySensor sensor = new PtySensor(dir);
             SerialSource source = SerialSource.open(SerialSourceConfig.of(sensor.path()).withSilentAfter(Duration.ofMillis(500)))) {
            Collector c = new Collector();
            Thread reader = c.runOn(source);
            assertTrue(c.await(() -> c.sawState(SourceStatus.State.SILENT), 3000), "statuses " + c.statuses);
            source.close();
            reader.join(2000);
        }
    }

    @Test
    void aPortInUseIsRefusedWithAClearMessage() throws Exception {
        try (PtySensor sensor = new PtySensor(dir); SerialSource first = SerialSource.open(SerialSourceConfig.of(sensor.path()))) {
            SerialOpenException e = assertThrows(SerialOpenException.class, () -> SerialSource.open(SerialSourceConfig.of(sensor.path())));
            assertEquals(SerialOpenException.Reason.BUSY, e.reason(), e.getMessage());
            assertTrue(e.getMessage().contains("busy"), e.getMessage());
        }
    }

    @Test
    void aMissingDeviceIsRefusedWithAClearMessage() {
        SerialOpenException e = assertThrows(SerialOpenException.class,
                () -> SerialSource.open(SerialSourceConfig.of(dir.resolve("ttyUSB9").toString())));
        assertEquals(SerialOpenException.Reason.NO_SUCH_DEVICE, e.reason());
        assertTrue(e.getMessage().contains("no such device"), e.getMessage());
    }

    /** Noise on the line between good frames costs the damaged frames only; the stream goes on. */
    @Test
    void garbageBetweenFramesIsCountedAndSkipped() throws Exception {
        byte[] good = SyntheticStreams.stream(Protocol.HIPHIKE, 400, 200, 9);
        List<byte[]> frames = PtySensor.hiphikeFrames(good);
        java.io.ByteArrayOutputStream mixed = new java.io.ByteArrayOutputStream();
        java.util.Random r = new java.util.Random(4);
        for (int i = 0; i < frames.size(); i++) {
            mixed.writeBytes(frames.get(i));
            if (i > 50 && i % 50 == 0) {
                byte[] noise = new byte[30];
                r.nextBytes(noise);
                mixed.writeBytes(noise);
            }
        }
        byte[] stream = mixed.toByteArray();
        try (PtySensor sensor = new PtySensor(dir); SerialSource source = SerialSource.open(SerialSourceConfig.of(sensor.path()))) {
            Collector c = new Collector();
            Thread reader = c.runOn(source);
            sensor.playPaced(stream, stream.length / 2.0, 64);
            // each burst of noise runs into the next frame's bytes: at most that frame is lost
            assertTrue(c.await(() -> c.sampleCount() >= 400 - 7, 8000), "samples " + c.sampleCount());
            assertEquals(Protocol.HIPHIKE, source.stats().protocol());
            assertTrue(source.stats().badFrames() >= 6, source.stats().toString());
            assertNull(c.failure);
            source.close();
            reader.join(2000);
        }
    }

    @Test
    void garbageIsNotDetectedAsAProtocol() throws Exception {
        byte[] garbage = new byte[6000];
        new java.util.Random(5).nextBytes(garbage);
        try (PtySensor sensor = new PtySensor(dir);
             SerialSource source = SerialSource.open(SerialSourceConfig.of(sensor.path()).withDetectTimeout(Duration.ofSeconds(1)))) {
            Collector c = new Collector();
            Thread reader = c.runOn(source);
            sensor.playPaced(garbage, 20_000, 256);
            assertTrue(c.await(() -> c.failure != null, 5000));
            assertTrue(c.failure.getMessage().contains("nothing recognisable"), c.failure.getMessage());
            assertEquals(0, c.sampleCount());
            reader.join(2000);
        }
    }
}
