package org.hiphike.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hiphike.source.PhoneSource;
import org.hiphike.source.SampleSource;
import org.hiphike.source.SensorLoggerSource;

/**
 * The dashboard's end of Sensor Logger's HTTP push: {@code POST /api/push/sensor-logger?token=...} with one JSON batch
 * per request ({@link SensorLoggerSource}). The first batch of a recording on the phone (a new {@code sessionId}) makes
 * a {@link SensorLoggerSource} the live session's source, as a phone opening {@code /sensor} does; batches of a
 * recording whose source was replaced by another one chosen on the dashboard are answered, not played, until Sensor
 * Logger is chosen in the source menu again.
 *
 * <p>Every batch is bounded before it is used: at most {@link #MAX_BODY_BYTES} bytes (checked while reading), at most
 * {@link #MAX_READINGS_PER_BATCH} readings, every motion reading's numbers finite and within a pelvis's range, and the
 * rate: {@link #MAX_READINGS_PER_S} readings a second on average (bursts up to {@link #BURST_READINGS}) and
 * {@link #MAX_BATCHES_PER_S} batches a second. A batch past a bound is refused as a whole with a 4xx and the reason.
 */
public final class SensorLoggerLink {
    /** Largest batch, bytes: 10 s of four motion sensors at 100 Hz with location and the rest is about 600 kB. */
    public static final long MAX_BODY_BYTES = 2L * 1024 * 1024;
    /** Most readings in one batch (10 s of every sensor Sensor Logger has at 100 Hz). */
    public static final int MAX_READINGS_PER_BATCH = 20_000;
    /** Sustained readings a second: four motion sensors at 200 Hz, the fastest a phone gives, plus the slow sensors. */
    public static final double MAX_READINGS_PER_S = 2_000;
    /** Readings at once after the network paused (30 s of the sustained rate). */
    public static final double BURST_READINGS = 60_000;
    /** Sustained batches a second (the shortest batch period is far longer), and at once. */
    public static final double MAX_BATCHES_PER_S = 20, BURST_BATCHES = 60;
    /** Largest |acceleration| per axis accepted, m/s² (±16 g, the pipeline's own bound). */
    static final double MAX_ACC_MS2 = PhoneSource.MAX_ACC_MS2;
    /** Largest |rotation rate| per axis accepted, rad/s (5000 °/s). */
    static final double MAX_RATE_RADS = Math.toRadians(PhoneSource.MAX_RATE_DPS);
    /** Longest id Sensor Logger may send (it sends UUIDs). */
    static final int MAX_ID_CHARS = 100;
    /** The readings that make samples; the others (location, battery, ...) are counted and left. */
    static final Set<String> MOTION = Set.of("totalacceleration", "accelerometer", "gravity", "gyroscope");

    private final LiveSession session;
    private final PhoneLink.Bucket readings, batches;
    private SensorLoggerSource current;
    private String currentRecording;
    private SensorLoggerSource.Frame frame = SensorLoggerSource.Frame.AUTO;
    private PhoneSource.Mount mount = PhoneSource.Mount.SCREEN_OUT;

    public SensorLoggerLink(LiveSession session) {
        this.session = session;
        long now = System.nanoTime();
        readings = new PhoneLink.Bucket(MAX_READINGS_PER_S, BURST_READINGS, now);
        batches = new PhoneLink.Bucket(MAX_BATCHES_PER_S, BURST_BATCHES, now);
    }

    /** A refused batch: the HTTP status and why. */
    public static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() { return status; }
    }

    /**
     * Reads one batch and hands it to the source; returns what the app is answered.
     *
     * @param frameName the {@code frame} query parameter ({@code auto}, {@code android}, {@code ios}), or null
     * @param mountName the {@code mount} query parameter ({@code screen-out}, {@code screen-in}), or null
     * @throws Refused when the batch is past a bound or not a Sensor Logger batch
     */
    public synchronized Map<String, Object> push(String body, String frameName, String mountName, long nowNanos) {
        if (!batches.take(1, nowNanos)) throw new Refused(429, "more than " + (int) MAX_BATCHES_PER_S + " batches a second");
        SensorLoggerSource.Frame f = frameName == null ? SensorLoggerSource.Frame.AUTO : SensorLoggerSource.Frame.of(frameName);
        if (f == null) throw new Refused(400, "frame must be auto, android or ios");
        PhoneSource.Mount m = mountName == null ? PhoneSource.Mount.SCREEN_OUT : PhoneSource.Mount.of(mountName);
        if (m == null) throw new Refused(400, "mount must be screen-out or screen-in");
        SensorLoggerSource.Batch batch = parse(body);
        if (!readings.take(batch.readings().size(), nowNanos)) {
            throw new Refused(429, "more than " + (int) MAX_READINGS_PER_S + " readings a second");
        }
        String recording = batch.deviceId() + "/" + batch.sessionId();
        if (session.currentSource() instanceof SensorLoggerSource waiting && waiting != current && waiting.counts().messages() == 0) {
            // Chosen elsewhere (live --sensor-logger): it waits for these pushes.
            current = waiting;
            currentRecording = null;
        }
        boolean playing = current != null && session.currentSource() == current;
        if (!playing && !recording.equals(currentRecording)) {
            // A new recording on the phone takes over, as a phone opening /sensor does; one whose source was replaced
            // by another chosen on the dashboard does not (until Sensor Logger is chosen there again).
            frame = f;
            mount = m;
            current = new SensorLoggerSource("Sensor Logger (HTTP push)", f, m);
            session.start(current, "sensor-logger", "sensor-logger");
            playing = true;
        }
        currentRecording = recording;
        int queued = playing ? current.offer(batch) : 0;
        Map<String, Object> out = new LinkedHashMap<>();
        Messages.LiveState st = session.state();
        out.put("playing", playing);
        out.put("queued", queued);
        out.put("reps", playing ? st.repCount() : 0);
        if (!playing) out.put("note", "the dashboard plays another source: choose Sensor Logger in its source menu");
        return out;
    }

    /**
     * The dashboard chose Sensor Logger in its source menu: the session waits for its pushes, which then go to this
     * source whatever recording they belong to.
     */
    public synchronized void waitForPushes() {
        current = new SensorLoggerSource("Sensor Logger (HTTP push)", frame, mount);
        currentRecording = null;
        session.start(current, "sensor-logger", "sensor-logger");
    }

    /** One batch as Sensor Logger sends it, checked; motion readings kept, the others only counted. */
    static SensorLoggerSource.Batch parse(String body) {
        JsonNode n;
        try {
            n = Messages.mapper().readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Refused(400, "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) throw new Refused(400, "the body must be a JSON object (a Sensor Logger batch)");
        JsonNode id = n.get("messageId");
        if (id == null || !id.canConvertToLong() || !id.isIntegralNumber() || id.asLong() < 0) {
            throw new Refused(400, "messageId must be a whole number >= 0 (is HTTP Push set to JSON?)");
        }
        String sessionId = idText(n, "sessionId");
        String deviceId = idText(n, "deviceId");
        JsonNode payload = n.get("payload");
        if (payload == null || !payload.isArray()) throw new Refused(400, "payload must be an array of readings");
        if (payload.size() > MAX_READINGS_PER_BATCH) {
            throw new Refused(413, "a batch carried " + payload.size() + " readings, more than " + MAX_READINGS_PER_BATCH
                    + ": choose a shorter batch period in Sensor Logger");
        }
        List<SensorLoggerSource.Reading> out = new ArrayList<>(payload.size());
        for (JsonNode r : payload) {
            if (!r.isObject()) throw new Refused(400, "a reading must be an object {name, time, values}");
            String name = r.path("name").asText("");
            if (!MOTION.contains(name)) continue;
            long timeNs = time(r.get("time"));
            JsonNode v = r.get("values");
            if (v == null || !v.isObject()) throw new Refused(400, "a " + name + " reading has no values {x, y, z}");
            double x = number(v, "x", name), y = number(v, "y", name), z = number(v, "z", name);
            double bound = name.equals("gyroscope") ? MAX_RATE_RADS : MAX_ACC_MS2;
            if (Math.abs(x) > bound || Math.abs(y) > bound || Math.abs(z) > bound) {
                throw new Refused(400, "a " + name + " reading is beyond ±" + (name.equals("gyroscope") ? "87 rad/s" : "16 g"));
            }
            out.add(new SensorLoggerSource.Reading(name, timeNs, x, y, z));
        }
        return new SensorLoggerSource.Batch(id.asLong(), sessionId, deviceId, out);
    }

    private static String idText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return "";
        if (!v.isTextual() && !v.isNumber()) throw new Refused(400, field + " must be a string");
        String s = v.asText();
        if (s.length() > MAX_ID_CHARS) throw new Refused(400, field + " is longer than " + MAX_ID_CHARS + " characters");
        return s.replaceAll("[^A-Za-z0-9._:-]", "");
    }

    /** Nanoseconds since 1970, as a number or (some versions) a string of digits. */
    private static long time(JsonNode t) {
        long ns;
        if (t != null && t.isIntegralNumber() && t.canConvertToLong()) ns = t.asLong();
        else if (t != null && t.isNumber()) ns = (long) t.asDouble();
        else if (t != null && t.isTextual() && t.asText().matches("[0-9]{1,19}")) ns = Long.parseLong(t.asText());
        else throw new Refused(400, "a reading's time must be nanoseconds since 1970");
        // 2001 to 2100: a time in ms or s by mistake is told, not taken as 1970.
        if (ns < 978_307_200_000_000_000L || ns > 4_102_444_800_000_000_000L) {
            throw new Refused(400, "a reading's time " + ns + " is not nanoseconds since 1970");
        }
        return ns;
    }

    private static double number(JsonNode v, String field, String name) {
        JsonNode x = v.get(field);
        if (x == null || !x.isNumber() || !Double.isFinite(x.asDouble())) {
            throw new Refused(400, "a " + name + " reading's " + field + " is not a finite number");
        }
        return x.asDouble();
    }
}
