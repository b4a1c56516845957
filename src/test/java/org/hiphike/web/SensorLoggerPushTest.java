package org.hiphike.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.Rep;
import org.hiphike.exercise.Report;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.Recording;
import org.hiphike.source.SensorLoggerSource;
import org.hiphike.source.SensorPorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sensor Logger's HTTP push into a running dashboard over a real socket: a bundled recording posted as Sensor Logger
 * batches, shuffled, gets the reps {@code analyze} counts in it.
 */
@Timeout(120)
public class SensorLoggerPushTest {
    static final Path RECORDING = Path.of("samples/left-set_clean_100hz.csv");
    /** 1 December 2025, ns since 1970: where the phone's clock stands at the first sample. */
    static final long T0_NS = 1_764_547_200_000_000_000L;
    /** Samples per batch: half a second at 100 Hz (Sensor Logger's batch period is set in the app). */
    static final int SAMPLES_PER_BATCH = 50;
    static final double G = 9.80665;

    private final String token = DashboardSecurity.newToken();
    private final PrescriptionStore store = PrescriptionStore.inMemory(Prescription.DEFAULTS);
    private final LiveSession session = new LiveSession(store);
    private final Javalin app = DashboardServer.create(new DashboardServer.Dependencies(session,
            new SourceCatalog(null, SensorPorts.NONE, 1), store, new DashboardSecurity(token))).start("127.0.0.1", 0);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        app.stop();
        session.close();
    }

    public enum Phone { ANDROID, IOS }

    /**
     * The recording as Sensor Logger's batches: Android sends {@code totalacceleration}; iOS sends {@code accelerometer}
     * without gravity plus {@code gravity}, both with iOS's opposite sign, and its gyroscope 3 ms after the accelerometer
     * (so the rates are interpolated to the acceleration's times). Other sensors ride along.
     */
    public static List<String> batches(Recording rec, Phone phone) {
        List<String> out = new ArrayList<>();
        List<ImuSample> s = rec.samples();
        ImuSample first = s.get(0);
        for (int b = 0, id = 0; b < s.size(); b += SAMPLES_PER_BATCH, id++) {
            StringBuilder j = new StringBuilder("{\"messageId\":").append(id)
                    .append(",\"sessionId\":\"b6f2c1d0-1\",\"deviceId\":\"4e1f-phone\",\"payload\":[");
            boolean comma = false;
            for (int i = b; i < Math.min(s.size(), b + SAMPLES_PER_BATCH); i++) {
                ImuSample x = s.get(i);
                long t = T0_NS + Math.round(x.timeS() * 1e9);
                double ax = x.accG().x() * G, ay = x.accG().y() * G, az = x.accG().z() * G;
                if (comma) j.append(',');
                comma = true;
                if (phone == Phone.ANDROID) {
                    reading(j, "totalacceleration", t, ax, ay, az);
                    j.append(',');
                    reading(j, "gyroscope", t, Math.toRadians(x.gyroDps().x()), Math.toRadians(x.gyroDps().y()),
                            Math.toRadians(x.gyroDps().z()));
                } else {
                    // Gravity as the phone's filter gives it: the first sample's; the rest is the user's acceleration.
                    double gx = first.accG().x() * G, gy = first.accG().y() * G, gz = first.accG().z() * G;
                    reading(j, "accelerometer", t, -(ax - gx), -(ay - gy), -(az - gz));
                    j.append(',');
                    reading(j, "gravity", t, -gx, -gy, -gz);
                    j.append(',');
                    // The gyroscope 3 ms later: its rate at that time, interpolated from the recording.
                    long tg = t + 3_000_000L;
                    ImuSample next = i + 1 < s.size() ? s.get(i + 1) : x;
                    double f = next == x ? 0 : 0.003 / (next.timeS() - x.timeS());
                    reading(j, "gyroscope", tg, Math.toRadians(lerp(x.gyroDps().x(), next.gyroDps().x(), f)),
                            Math.toRadians(lerp(x.gyroDps().y(), next.gyroDps().y(), f)),
                            Math.toRadians(lerp(x.gyroDps().z(), next.gyroDps().z(), f)));
                }
                if (i % 100 == 0) {
                    j.append(",{\"name\":\"battery\",\"time\":").append(t).append(",\"values\":{\"batteryLevel\":0.8}}");
                }
            }
            out.add(j.append("]}").toString());
        }
        return out;
    }

    private static double lerp(double a, double b, double f) { return a + f * (b - a); }

    private static void reading(StringBuilder j, String name, long t, double x, double y, double z) {
        j.append(String.format(Locale.ROOT, "{\"name\":\"%s\",\"time\":%d,\"values\":{\"x\":%.9f,\"y\":%.9f,\"z\":%.9f}}",
                name, t, x, y, z));
    }

    /** Neighbouring batches out of order: each run of 3 shuffled (the first batch stays first). */
    public static List<String> shuffled(List<String> in, long seed) {
        List<String> out = new ArrayList<>(in.subList(0, 1));
        Random r = new Random(seed);
        for (int i = 1; i < in.size(); i += 3) {
            List<String> run = new ArrayList<>(in.subList(i, Math.min(in.size(), i + 3)));
            Collections.shuffle(run, r);
            out.addAll(run);
        }
        return out;
    }

    HttpResponse<String> post(String body, String query) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/push/sensor-logger?token=" + token
                        + (query == null ? "" : "&" + query)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void playsTheRepsOfAnalyze(Phone phone, double peakToleranceDeg) throws Exception {
        Recording rec = new CsvRecordingReader().read(RECORDING);
        Report expected = Analysis.analyze(rec);
        assertTrue(expected.reps().size() >= 8, "analyze counts the set's reps: " + expected.reps().size());
        List<String> sent = shuffled(batches(rec, phone), 14);
        assertTrue(!sent.equals(batches(rec, phone)), "out of order");
        // Fifteen batches a second, 7.5 times the phone's pace: within the dashboard's bound on batches a second.
        long t0 = System.nanoTime();
        for (int i = 0; i < sent.size(); i++) {
            long wait = t0 + i * 66_666_667L - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000);
            HttpResponse<String> r = post(sent.get(i), null);
            assertEquals(200, r.statusCode(), r.body());
        }
        assertTrue(session.currentSource() instanceof SensorLoggerSource, "the pushes made Sensor Logger the source");
        assertEquals("sensor-logger", session.sourceKind());
        double lastS = rec.samples().get(rec.samples().size() - 1).timeS();
        long end = System.nanoTime() + 20_000_000_000L;
        while (session.state().timeS() < lastS - 1e-6 && System.nanoTime() < end) Thread.sleep(20);
        assertEquals(lastS, session.state().timeS(), 1e-6, "every sample reached the pipeline, the last one too");
        SensorLoggerSource src = (SensorLoggerSource) session.currentSource();
        SensorLoggerSource.Counts c = src.counts();
        session.stop();
        assertTrue(session.awaitEnd(Duration.ofSeconds(5)));
        assertEquals(rec.samples().size(), c.samples(), "one sample per acceleration reading: " + c);
        assertEquals(0, c.lostMessages(), c.toString());
        assertEquals(0, c.lateReadings(), c.toString());
        assertEquals(0, c.gaps(), c.toString());
        assertEquals(phone == Phone.IOS ? SensorLoggerSource.Frame.IOS : SensorLoggerSource.Frame.ANDROID, src.frame());
        List<Rep> live = session.reps();
        assertEquals(expected.reps().size(), live.size(), "the reps analyze counts: " + session.report().reps());
        for (int i = 0; i < live.size(); i++) {
            assertEquals(expected.reps().get(i).side(), live.get(i).side(), "side of rep " + (i + 1));
            assertEquals(expected.reps().get(i).peakDropDeg(), live.get(i).peakDropDeg(), peakToleranceDeg, "peak of rep " + (i + 1));
        }
    }

    @Test
    void androidBatchesOutOfOrderGetTheRepsOfAnalyze() throws Exception {
        // The same numbers in other units: the same reps to rounding.
        playsTheRepsOfAnalyze(Phone.ANDROID, 0.01);
    }

    @Test
    void iosBatchesWithGravityApartAndTheOppositeSignGetTheRepsOfAnalyze() throws Exception {
        // The rates interpolated from readings 3 ms off: within a tenth of a degree.
        playsTheRepsOfAnalyze(Phone.IOS, 0.1);
    }

    @Test
    void aBatchThatNeverCameIsCountedLostAndItsHoleAGap() throws Exception {
        Recording rec = new CsvRecordingReader().read(RECORDING);
        List<String> all = batches(rec, Phone.ANDROID).subList(0, 20);
        for (int i = 0; i < all.size(); i++) {
            if (i == 7) continue; // lost on the way
            assertEquals(200, post(all.get(i), null).statusCode());
        }
        long end = System.nanoTime() + 10_000_000_000L;
        SensorLoggerSource src = (SensorLoggerSource) session.currentSource();
        while (src.counts().samples() < 19 * SAMPLES_PER_BATCH && System.nanoTime() < end) Thread.sleep(20);
        SensorLoggerSource.Counts c = src.counts();
        assertEquals(19 * SAMPLES_PER_BATCH, c.samples(), c.toString());
        assertEquals(1, c.lostMessages(), c.toString());
        assertEquals(1, c.gaps(), c.toString());

        // It comes after all: its readings are past, counted late, not played out of order.
        assertEquals(200, post(all.get(7), null).statusCode());
        end = System.nanoTime() + 5_000_000_000L;
        while (src.counts().lateReadings() == 0 && System.nanoTime() < end) Thread.sleep(20);
        assertEquals(2 * SAMPLES_PER_BATCH, src.counts().lateReadings(), src.counts().toString());
        assertEquals(19 * SAMPLES_PER_BATCH, src.counts().samples());
    }

    @Test
    void theTokenTheSizeAndTheContentAreChecked() throws Exception {
        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
                        + "/api/push/sensor-logger")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, noToken.statusCode());
        HttpResponse<String> crossOrigin = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
                        + "/api/push/sensor-logger?token=" + token)).header("Content-Type", "application/json")
                .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, crossOrigin.statusCode());

        String big = "{\"messageId\":0,\"payload\":[" + "{\"name\":\"x\"},".repeat(250_000) + "{}]}";
        HttpResponse<String> tooBig = post(big, null);
        assertEquals(413, tooBig.statusCode(), tooBig.body());
        assertTrue(tooBig.body().contains("shorter batch period"), tooBig.body());

        assertEquals(400, post("not json", null).statusCode());
        assertTrue(post("{\"payload\":[]}", null).body().contains("messageId"));
        HttpResponse<String> ms = post("{\"messageId\":0,\"payload\":[{\"name\":\"gyroscope\",\"time\":1764547200000,"
                + "\"values\":{\"x\":0,\"y\":0,\"z\":0}}]}", null);
        assertEquals(400, ms.statusCode());
        assertTrue(ms.body().contains("nanoseconds"), ms.body());
        HttpResponse<String> huge = post("{\"messageId\":0,\"payload\":[{\"name\":\"gyroscope\",\"time\":" + T0_NS
                + ",\"values\":{\"x\":1000,\"y\":0,\"z\":0}}]}", null);
        assertEquals(400, huge.statusCode());
        assertEquals(400, post("{\"messageId\":0,\"payload\":[]}", "frame=upside-down").statusCode());
        assertTrue(!(session.currentSource() instanceof SensorLoggerSource), "nothing refused reached the session");
    }
}
