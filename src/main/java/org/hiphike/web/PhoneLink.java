package org.hiphike.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.hiphike.source.PhoneSource;
import org.hiphike.source.SampleSource;

/**
 * The phone's side of the dashboard: the {@code /ws/phone} WebSocket that the {@code /sensor} page streams
 * {@code DeviceMotionEvent}s over. The first phone to connect makes a {@link PhoneSource} the live session's source
 * (whatever played before stops, as when another source is chosen); a phone that reconnects while that source is
 * still playing continues the same session.
 *
 * <p>Every message is bounded before it is read: at most {@link #MAX_MESSAGE_CHARS} characters, at most
 * {@link #MAX_SAMPLES_PER_MESSAGE} samples, every number finite and within a pelvis's range ({@link PhoneSource#checkRow});
 * and the rate: at most {@link #MAX_SAMPLES_PER_S} samples a second on average (bursts up to {@link #BURST_SAMPLES})
 * and {@link #MAX_MESSAGES_PER_S} messages a second (bursts up to {@link #BURST_MESSAGES}). A message past a bound
 * closes the connection with a reason the page shows; nothing of it reaches the pipeline.
 */
public final class PhoneLink {
    /** Longest message, characters (about 250 samples of 7 numbers with 6 decimals). */
    public static final int MAX_MESSAGE_CHARS = 32 * 1024;
    /** Most samples in one message (the page sends every 100 ms: 20 at 200 Hz). */
    public static final int MAX_SAMPLES_PER_MESSAGE = 250;
    /** Sustained samples a second (phones give 50-200 Hz). */
    public static final double MAX_SAMPLES_PER_S = 500;
    /** Samples a phone may send at once after a pause of the network (5 s of 200 Hz). */
    public static final double BURST_SAMPLES = 1000;
    /** Sustained messages a second. */
    public static final double MAX_MESSAGES_PER_S = 40;
    /** Messages at once. */
    public static final double BURST_MESSAGES = 80;
    /** WebSocket close codes. */
    public static final int POLICY_VIOLATION = 1008, TOO_BIG = 1009, GOING_AWAY = 1001;

    private final LiveSession session;
    private PhoneSource current;

    public PhoneLink(LiveSession session) { this.session = session; }

    /** The result of one message: go on, or close with a code and reason. */
    public record Outcome(int closeCode, String reason, int queued) {
        static Outcome ok(int queued) { return new Outcome(0, null, queued); }

        static Outcome close(int code, String reason) { return new Outcome(code, reason, 0); }

        public boolean closes() { return closeCode != 0; }
    }

    /** A token bucket. */
    static final class Bucket {
        private final double ratePerS, capacity;
        private double tokens;
        private long lastNanos;

        Bucket(double ratePerS, double capacity, long nowNanos) {
            this.ratePerS = ratePerS;
            this.capacity = capacity;
            this.tokens = capacity;
            this.lastNanos = nowNanos;
        }

        boolean take(double n, long nowNanos) {
            tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) / 1e9 * ratePerS);
            lastNanos = nowNanos;
            if (n > tokens) return false;
            tokens -= n;
            return true;
        }
    }

    /** One phone connection: its bounds and its place in the source. */
    public final class Connection {
        private final Bucket samples, messages;
        private PhoneSource source;
        private long id = -1;
        private String device;
        private PhoneSource.Mount mount = PhoneSource.Mount.SCREEN_OUT;
        private long lastStatusNanos;
        private boolean statusSent;

        Connection(long nowNanos) {
            samples = new Bucket(MAX_SAMPLES_PER_S, BURST_SAMPLES, nowNanos);
            messages = new Bucket(MAX_MESSAGES_PER_S, BURST_MESSAGES, nowNanos);
        }

        /** Reads one text message from the phone. */
        public Outcome message(String text, long nowNanos) {
            if (text == null || text.length() > MAX_MESSAGE_CHARS) {
                return Outcome.close(TOO_BIG, "a message was longer than " + MAX_MESSAGE_CHARS + " characters");
            }
            if (!messages.take(1, nowNanos)) {
                return Outcome.close(POLICY_VIOLATION, "more than " + (int) MAX_MESSAGES_PER_S + " messages a second");
            }
            JsonNode n;
            try {
                n = Messages.mapper().readTree(text);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return Outcome.close(POLICY_VIOLATION, "a message was not JSON");
            }
            if (n == null || !n.isObject()) return Outcome.close(POLICY_VIOLATION, "a message was not a JSON object");
            String type = n.path("type").asText("");
            switch (type) {
                case "hello" -> {
                    String d = n.path("device").asText("");
                    device = cleanDevice(d);
                    PhoneSource.Mount m = PhoneSource.Mount.of(n.path("mount").asText("screen-out"));
                    if (m == null) return Outcome.close(POLICY_VIOLATION, "mount must be screen-out or screen-in");
                    mount = m;
                    if (source != null) id = source.connect(device, mount);
                    return Outcome.ok(0);
                }
                case "samples" -> {
                    JsonNode s = n.get("s");
                    if (s == null || !s.isArray()) return Outcome.close(POLICY_VIOLATION, "samples must be an array");
                    if (s.size() > MAX_SAMPLES_PER_MESSAGE) {
                        return Outcome.close(POLICY_VIOLATION, "a message carried " + s.size() + " samples, more than "
                                + MAX_SAMPLES_PER_MESSAGE);
                    }
                    if (!samples.take(s.size(), nowNanos)) {
                        return Outcome.close(POLICY_VIOLATION, "more than " + (int) MAX_SAMPLES_PER_S + " samples a second");
                    }
                    double[][] rows = new double[s.size()][];
                    for (int i = 0; i < rows.length; i++) {
                        JsonNode row = s.get(i);
                        if (!row.isArray() || row.size() != 7) {
                            return Outcome.close(POLICY_VIOLATION, "a sample must be 7 numbers: time ms, 3 accelerations m/s², 3 rates °/s");
                        }
                        double[] r = new double[7];
                        for (int k = 0; k < 7; k++) {
                            JsonNode v = row.get(k);
                            if (!v.isNumber()) return Outcome.close(POLICY_VIOLATION, "a sample held something that is not a number");
                            r[k] = v.asDouble();
                        }
                        String why = PhoneSource.checkRow(r);
                        if (why != null) return Outcome.close(POLICY_VIOLATION, why);
                        rows[i] = r;
                    }
                    if (source == null || movedTo()) attach();
                    return Outcome.ok(source.offer(id, rows));
                }
                default -> {
                    return Outcome.close(POLICY_VIOLATION, "unknown message type '" + Messages.json(type).replaceAll("[^ -~]", "?") + "'");
                }
            }
        }

        /**
         * Whether the dashboard chose the phone again after this connection's source stopped: its samples go to the new
         * phone source. (A connection whose source stopped because another source was chosen does not take over again;
         * the page is told nothing is playing.)
         */
        private boolean movedTo() {
            synchronized (PhoneLink.this) {
                return source != current && current != null && session.currentSource() == current;
            }
        }

        /** Becomes the live session's source, or continues the phone source that is playing. */
        private void attach() {
            synchronized (PhoneLink.this) {
                SampleSource playing = session.currentSource();
                boolean start = current == null || playing != current;
                if (start) current = new PhoneSource("phone (/sensor page)");
                // else: the phone chosen on the dashboard, or this phone reconnecting
                source = current;
                id = source.connect(device, mount);
                if (start) session.start(current, "phone", "phone");
            }
        }

        /** The connection closed. */
        public void closed(String why) {
            if (source != null) source.disconnected(id, why);
        }

        /** What to tell the phone now (throttled to 4 a second; nothing before its first samples), or null. */
        public String status(long nowNanos) {
            if (source == null || (statusSent && nowNanos - lastStatusNanos < 250_000_000L)) return null;
            statusSent = true;
            lastStatusNanos = nowNanos;
            Messages.LiveState st = session.state();
            boolean ours = source != null && session.currentSource() == source;
            return Messages.json(Map.of("type", "status", "received", source == null ? 0 : source.received(),
                    "reps", ours ? st.repCount() : 0, "phase", ours ? st.phase() : "not_playing",
                    "drop_deg", ours ? Math.round(st.dropDeg() * 10) / 10.0 : 0, "playing", ours));
        }
    }

    /**
     * Makes a phone the session's source before one connects (chosen on the dashboard): the session waits for the
     * {@code /sensor} page, whose samples then go to this source.
     */
    public synchronized void waitForPhone() {
        current = new PhoneSource("phone (/sensor page)");
        session.start(current, "phone", "phone");
    }

    /** A new phone connection. */
    public Connection open(long nowNanos) { return new Connection(nowNanos); }

    private static String cleanDevice(String d) {
        String s = d.replaceAll("[^A-Za-z0-9 ._;:/()+,-]", "").strip();
        if (s.length() > 80) s = s.substring(0, 80);
        return s.isEmpty() ? null : s;
    }
}
