package org.hiphike.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.hiphike.core.ImuSample;
import org.hiphike.core.Vec3;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Conformance with the protocol's test vectors (firmware-protocol/vectors, made by the C encoder): the
 * same frame/error events in order, the same unwrapped IMU timestamps, the same counters and the same
 * decoded values, whole and fed one byte at a time.
 */
class ProtocolVectorsTest {
    private static final Path VECTORS = Path.of("firmware-protocol", "vectors");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the decoder did, in the vectors' terms. */
    private static final class Trace implements HiphikeDecoder.FrameListener, SampleSink {
        final List<String> events = new ArrayList<>();
        final List<Long> imuTimes = new ArrayList<>();
        final List<List<ImuSample>> samplesPerFrame = new ArrayList<>();
        final List<Object> deviceMessages = new ArrayList<>();

        @Override public void frame(int msgId, int seq, long lostBefore) {
            events.add("frame id=" + msgId + " seq=" + seq + " lost=" + lostBefore);
            samplesPerFrame.add(new ArrayList<>());
            deviceMessages.add(null);
        }

        @Override public void error(HiphikeDecoder.FrameError e) {
            String name = e.name().toLowerCase();
            if (e == HiphikeDecoder.FrameError.UNKNOWN_ID || e == HiphikeDecoder.FrameError.BAD_LENGTH) {
                int last = events.size() - 1;
                events.set(last, events.get(last) + " error=" + name);
            } else {
                events.add("error " + name);
            }
        }

        @Override public void imuTimestamp(long unwrappedUs) { imuTimes.add(unwrappedUs); }

        @Override public void sample(ImuSample s) { samplesPerFrame.get(samplesPerFrame.size() - 1).add(s); }

        @Override public void deviceInfo(DeviceInfo info) { deviceMessages.set(deviceMessages.size() - 1, info); }

        @Override public void deviceStatus(DeviceStatus status) { deviceMessages.set(deviceMessages.size() - 1, status); }
    }

    @TestFactory
    Stream<DynamicTest> everyVector() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(VECTORS), "no vectors in " + VECTORS.toAbsolutePath());
        List<Path> hexFiles;
        try (Stream<Path> files = Files.list(VECTORS)) {
            hexFiles = files.filter(p -> p.toString().endsWith(".hex")).sorted().toList();
        }
        assertFalse(hexFiles.isEmpty(), "vectors folder without .hex files");
        return hexFiles.stream().map(hex -> DynamicTest.dynamicTest(hex.getFileName().toString(), () -> check(hex)));
    }

    private static void check(Path hexFile) throws IOException {
        String name = hexFile.getFileName().toString().replaceFirst("\\.hex$", "");
        byte[] wire = HexFormat.of().parseHex(Files.readString(hexFile).replaceAll("\\s+", ""));
        JsonNode expected = JSON.readTree(VECTORS.resolve(name + ".json").toFile());

        Trace whole = run(wire, false);
        Trace byteByByte = run(wire, true);
        assertEquals(whole.events, byteByByte.events, name + ": byte-by-byte feeding changes the events");

        List<String> expectedEvents = new ArrayList<>();
        for (JsonNode e : expected.get("events")) {
            if (e.get("type").asText().equals("frame")) {
                String ev = "frame id=" + e.get("id").asInt() + " seq=" + e.get("seq").asInt() + " lost=" + e.get("lost_before").asLong();
                if (e.has("error")) ev += " error=" + e.get("error").asText();
                expectedEvents.add(ev);
            } else {
                expectedEvents.add("error " + e.get("error").asText());
            }
        }
        assertEquals(expectedEvents, whole.events, name + ": events");

        List<Long> times = new ArrayList<>();
        expected.get("imu_time_us").forEach(t -> times.add(t.asLong()));
        assertEquals(times, whole.imuTimes, name + ": imu_time_us");

        JsonNode st = expected.get("stats");
        HiphikeDecoder.Counters expectedCounters = new HiphikeDecoder.Counters(st.get("frames").asLong(),
                st.get("cobs_errors").asLong(), st.get("too_long").asLong(), st.get("too_short").asLong(),
                st.get("crc_errors").asLong(), st.get("truncated").asLong(), st.get("unknown_ids").asLong(),
                st.get("bad_length").asLong(), st.get("lost_frames").asLong());
        HiphikeDecoder d = new HiphikeDecoder();
        Streams.decodeAll(d, wire);
        assertEquals(expectedCounters, d.counters(), name + ": stats");

        // decoded values, frame by frame
        int frameIndex = 0;
        for (JsonNode e : expected.get("events")) {
            if (!e.get("type").asText().equals("frame")) continue;
            int f = frameIndex++;
            JsonNode fields = e.get("fields");
            if (fields == null) continue;
            switch (e.get("name").asText()) {
                case "IMU" -> checkImu(name, fields, whole.samplesPerFrame.get(f));
                case "HELLO" -> checkHello(name, fields, (DeviceInfo) whole.deviceMessages.get(f));
                case "STATUS" -> checkStatus(name, fields, (DeviceStatus) whole.deviceMessages.get(f));
                default -> { }
            }
        }
    }

    private static Trace run(byte[] wire, boolean byteByByte) {
        Trace t = new Trace();
        HiphikeDecoder d = new HiphikeDecoder().withListener(t);
        if (byteByByte) {
            for (int i = 0; i < wire.length; i++) d.decode(wire, i, 1, t);
        } else {
            d.decode(wire, 0, wire.length, t);
        }
        d.finish(t);
        return t;
    }

    private static void checkImu(String name, JsonNode fields, List<ImuSample> got) {
        // A decoder emits only physically plausible samples (Plausibility); a vector may hold others
        // (timestamp_wrap has 429 g), which must then be dropped, not passed on.
        List<JsonNode> samples = new ArrayList<>();
        for (JsonNode s : fields.get("samples")) {
            if (plausible(s.get("acc_g"), Plausibility.MAX_ACC_G) && plausible(s.get("gyr_dps"), Plausibility.MAX_GYRO_DPS)
                    && (!s.has("mag_ut") || plausible(s.get("mag_ut"), Plausibility.MAX_MAG_UT))) {
                samples.add(s);
            }
        }
        assertEquals(samples.size(), got.size(), name + ": plausible samples in frame");
        for (int i = 0; i < samples.size(); i++) {
            JsonNode s = samples.get(i);
            assertVec(name + " acc", s.get("acc_g"), got.get(i).accG());
            assertVec(name + " gyr", s.get("gyr_dps"), got.get(i).gyroDps());
            if (s.has("mag_ut")) assertVec(name + " mag", s.get("mag_ut"), got.get(i).magUt());
            else assertEquals(null, got.get(i).magUt(), name);
        }
    }

    private static boolean plausible(JsonNode xyz, double limit) {
        for (JsonNode v : xyz) if (!(Math.abs(v.asDouble()) <= limit)) return false;
        return true;
    }

    private static void assertVec(String what, JsonNode xyz, Vec3 v) {
        assertTrue(v != null, what + " missing");
        assertEquals((float) xyz.get(0).asDouble(), (float) v.x(), 0f, what + " x");
        assertEquals((float) xyz.get(1).asDouble(), (float) v.y(), 0f, what + " y");
        assertEquals((float) xyz.get(2).asDouble(), (float) v.z(), 0f, what + " z");
    }

    private static void checkHello(String name, JsonNode f, DeviceInfo info) {
        assertTrue(info != null, name + ": HELLO not surfaced");
        assertEquals(f.get("protocol_major").asInt(), info.protocolMajor());
        assertEquals(f.get("protocol_minor").asInt(), info.protocolMinor());
        assertEquals(f.get("firmware_major").asInt() + "." + f.get("firmware_minor").asInt() + "." + f.get("firmware_patch").asInt(),
                info.firmwareVersion());
        int caps = 0;
        for (DeviceInfo.Capability c : info.capabilities()) caps |= 1 << c.ordinal();
        assertEquals(f.get("capabilities").asInt() & 0x0F, caps, name + ": capabilities");
        assertEquals(f.get("device_id").asText(), info.deviceId().toLowerCase());
        assertEquals((float) f.get("sample_rate_hz").asDouble(), (float) info.sampleRateHz(), 0f);
        assertEquals((float) f.get("acc_range_g").asDouble(), (float) info.accRangeG(), 0f);
        assertEquals((float) f.get("acc_scale_g_per_lsb").asDouble(), (float) info.accScaleGPerLsb(), 0f);
        assertEquals((float) f.get("gyr_range_dps").asDouble(), (float) info.gyroRangeDps(), 0f);
        assertEquals((float) f.get("gyr_scale_dps_per_lsb").asDouble(), (float) info.gyroScaleDpsPerLsb(), 0f);
        assertEquals(f.get("samples_per_message").asInt(), info.samplesPerMessage());
        assertEquals(f.get("axis_alignment").asText(), info.axisAlignment());
        assertEquals(f.get("sensor_model").asText(), info.sensorModel());
        assertEquals(f.get("board").asText(), info.board());
    }

    private static void checkStatus(String name, JsonNode f, DeviceStatus s) {
        assertTrue(s != null, name + ": STATUS not surfaced");
        assertEquals(f.get("timestamp_us").asLong(), s.timestampUs());
        assertEquals(f.get("samples_dropped").asLong(), s.samplesDropped());
        assertEquals((float) f.get("sample_rate_hz").asDouble(), (float) s.sampleRateHz(), 0f);
        int mv = f.get("battery_mv").asInt();
        assertEquals(mv == 65535, s.batteryMv().isEmpty(), name + ": battery unknown");
        if (mv != 65535) assertEquals(mv, s.batteryMv().getAsInt());
        int cdeg = f.get("temperature_cdeg_c").asInt();
        assertEquals(cdeg == -32768, s.temperatureC().isEmpty());
        if (cdeg != -32768) assertEquals(cdeg / 100.0, s.temperatureC().getAsDouble(), 1e-9);
        int pct = f.get("battery_percent").asInt();
        assertEquals(pct == 255, s.batteryPercent().isEmpty());
        if (pct != 255) assertEquals(pct, s.batteryPercent().getAsInt());
        assertEquals(f.get("streaming").asInt() != 0, s.streaming());
        int flags = f.get("flags").asInt();
        assertEquals((flags & 1) != 0, s.charging());
        assertEquals((flags & 2) != 0, s.externalPower());
        assertEquals((flags & 4) != 0, s.imuFault());
    }
}
