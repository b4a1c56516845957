package org.hiphike.recording;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hiphike.core.ImuSample;
import org.hiphike.core.SensorLimits;
import org.hiphike.core.Vec3;

/**
 * Strict reader of CSV v1 (spec section 3). Columns are found by name; metadata and comment
 * lines start with {@code #}. Anything wrong is a {@link RecordingFormatException} naming the
 * line and column: a missing column, a value that is not a finite number, time jumping back (a
 * restarted clock; small steps back of up to {@link #MAX_TIME_REPAIR_S} are repaired and counted), an empty file, a truncated last line, and units that are not plausible (an accelerometer in
 * m/s² instead of g, a time column in milliseconds).
 */
public final class CsvRecordingReader {
    static final String[] REQUIRED = {"time_s", "acc_x_g", "acc_y_g", "acc_z_g", "gyr_x_dps", "gyr_y_dps", "gyr_z_dps"};
    static final String[] MAGNETOMETER = {"mag_x_ut", "mag_y_ut", "mag_z_ut"};
    /**
     * Largest step back of {@code time_s} that is repaired rather than refused, seconds: phone sensor APIs
     * and Bluetooth batching stamp samples a few milliseconds out of order (a few sample periods at
     * 50-200 Hz); a restarted clock jumps back by far more.
     */
    public static final double MAX_TIME_REPAIR_S = 0.25;

    /** Largest |value| of each required column: time (none), acceleration (g), angular rate (°/s). */
    private static final double[] LIMIT = {Double.MAX_VALUE, SensorLimits.MAX_ACC_G, SensorLimits.MAX_ACC_G, SensorLimits.MAX_ACC_G,
            SensorLimits.MAX_GYRO_DPS, SensorLimits.MAX_GYRO_DPS, SensorLimits.MAX_GYRO_DPS};
    private static final String[] UNIT = {"s", "g", "g", "g", "°/s", "°/s", "°/s"};

    /**
     * Where a stretch after a restarted clock is placed when restarts are joined: this long after the last sample
     * before it, seconds. How long the sensor was away is not known; a second is a gap the pipeline does not
     * integrate across (its filter starts again), short against a session.
     */
    public static final double RESTART_GAP_S = 1.0;

    /**
     * Reading options.
     *
     * @param joinClockRestarts a jump back in time beyond the repaired jitter is a restarted clock: place the
     *                          stretch after it {@link #RESTART_GAP_S} after the last sample and count it, instead of
     *                          refusing the file
     */
    public record Options(boolean allowTruncatedLastLine, boolean checkUnits, boolean joinClockRestarts) {
        public static final Options STRICT = new Options(false, true, false);

        public Options(boolean allowTruncatedLastLine, boolean checkUnits) { this(allowTruncatedLastLine, checkUnits, false); }
    }

    private final Options options;

    public CsvRecordingReader() { this(Options.STRICT); }

    public CsvRecordingReader(Options options) { this.options = options; }

    public Recording read(Path path) throws IOException, RecordingFormatException {
        try (InputStream in = Files.newInputStream(path)) {
            return read(new InputStreamReader(in, StandardCharsets.UTF_8), path.toString());
        } catch (NoSuchFileException e) {
            throw new RecordingFormatException(path + ": no such file", 0, null);
        }
    }

    public synchronized Recording read(Reader reader, String source) throws IOException, RecordingFormatException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
        Map<String, String> metadata = new LinkedHashMap<>();
        List<ImuSample> samples = new ArrayList<>();
        int[] required = null;
        int[] mag = null;
        int columnCount = 0;
        String[] names = null;
        long lineNumber = 0;
        lastTimeS = Double.NEGATIVE_INFINITY;
        repairs = 0;
        restarts = 0;
        timeOffsetS = 0;
        double[] values = new double[7];
        int[] starts = new int[64], ends = new int[64];
        String line;
        String pending = nextLine(in);
        while ((line = pending) != null) {
            pending = nextLine(in);
            boolean last = pending == null;
            lineNumber++;
            if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') line = line.substring(1);
            String trimmed = line.strip();
            if (trimmed.isEmpty()) continue;
            if (trimmed.charAt(0) == '#') {
                if (required == null) parseMetadata(trimmed, metadata);
                continue;
            }
            if (required == null) {
                names = trimmed.split(",", -1);
                columnCount = names.length;
                Map<String, Integer> index = new HashMap<>();
                for (int i = 0; i < names.length; i++) {
                    names[i] = names[i].strip();
                    if (index.put(names[i], i) != null && !names[i].isEmpty()) {
                        throw error(source, lineNumber, names[i], "column '" + names[i] + "' appears twice in the header");
                    }
                }
                if (columnCount > starts.length) {
                    starts = new int[columnCount];
                    ends = new int[columnCount];
                }
                required = new int[REQUIRED.length];
                for (int i = 0; i < REQUIRED.length; i++) {
                    Integer at = index.get(REQUIRED[i]);
                    if (at == null) {
                        throw error(source, lineNumber, REQUIRED[i], "the header has no column '" + REQUIRED[i]
                                + "' (a CSV v1 recording needs " + String.join(",", REQUIRED) + "); found: " + trimmed);
                    }
                    required[i] = at;
                }
                if (index.keySet().containsAll(List.of(MAGNETOMETER))) {
                    mag = new int[] {index.get(MAGNETOMETER[0]), index.get(MAGNETOMETER[1]), index.get(MAGNETOMETER[2])};
                }
                continue;
            }
            if (splitPositions(line, columnCount, starts, ends)) {
                boolean ok = true;
                for (int i = 0; i < 7 && ok; i++) {
                    double v = parseNumber(line, starts[required[i]], ends[required[i]]);
                    if (!(Math.abs(v) <= LIMIT[i])) ok = false; // not finite, or beyond what an IMU measures
                    else values[i] = v;
                }
                if (ok && lastTimeS > Double.NEGATIVE_INFINITY
                        && values[0] + timeOffsetS - lastTimeS > SensorLimits.MAX_FORWARD_STEP_S) ok = false;
                if (ok && mag == null) {
                    values[0] = placed(source, lineNumber, values[0]);
                    samples.add(new ImuSample(values[0], new Vec3(values[1], values[2], values[3]),
                            new Vec3(values[4], values[5], values[6]), null));
                    continue;
                }
                // otherwise the careful path below says what is wrong, or reads the magnetometer
            }
            String[] cells = splitCells(line, columnCount);
            if (cells == null) {
                int found = line.split(",", -1).length;
                if (last && found < columnCount) {
                    if (options.allowTruncatedLastLine()) break;
                    throw error(source, lineNumber, names[found],
                            "the last line is truncated (" + found + " of " + columnCount
                            + " columns); the recording was probably cut off while being written"
                            + " (analyze --ignore-truncated-tail drops that line)");
                }
                throw error(source, lineNumber, null, "expected " + columnCount + " columns, found " + found);
            }
            for (int i = 0; i < 7; i++) {
                String cell = cells[required[i]];
                double v = parseNumber(cell);
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    if (last && !options.allowTruncatedLastLine() && cell.isEmpty() && i > 0) {
                        throw error(source, lineNumber, REQUIRED[i], "the last line is truncated (no value for "
                                + REQUIRED[i] + "); the recording was probably cut off while being written"
                                + " (analyze --ignore-truncated-tail drops that line)");
                    }
                    String what = cell.isEmpty() ? "is empty" : ("'" + abbreviate(cell) + "' is not a finite number");
                    throw error(source, lineNumber, REQUIRED[i], "value " + what);
                }
                if (!(Math.abs(v) <= LIMIT[i])) {
                    throw error(source, lineNumber, REQUIRED[i], "value '" + abbreviate(cell) + "' is beyond what any IMU "
                            + "measures (at most ±" + (long) LIMIT[i] + " " + UNIT[i] + "): a damaged line, or the wrong unit");
                }
                values[i] = v;
            }
            if (lastTimeS > Double.NEGATIVE_INFINITY && values[0] + timeOffsetS - lastTimeS > SensorLimits.MAX_FORWARD_STEP_S) {
                throw error(source, lineNumber, "time_s", String.format(java.util.Locale.ROOT,
                        "time jumps forward by %.3g s (%s s after %s s), more than a day within one recording: the "
                        + "clock is broken, or this line is damaged", values[0] + timeOffsetS - lastTimeS,
                        cells[required[0]].strip(), lastTimeS));
            }
            values[0] = placed(source, lineNumber, values[0]);
            Vec3 magUt = null;
            if (mag != null) {
                String mx = cells[mag[0]].strip(), my = cells[mag[1]].strip(), mz = cells[mag[2]].strip();
                if (!(mx.isEmpty() && my.isEmpty() && mz.isEmpty())) {
                    double[] m = new double[3];
                    String[] cellsMag = {mx, my, mz};
                    for (int k = 0; k < 3; k++) {
                        m[k] = parseNumber(cellsMag[k]);
                        if (!Double.isFinite(m[k])) {
                            throw error(source, lineNumber, MAGNETOMETER[k], "value '" + abbreviate(cellsMag[k])
                                    + "' is not a finite number");
                        }
                        if (Math.abs(m[k]) > SensorLimits.MAX_MAG_UT) {
                            throw error(source, lineNumber, MAGNETOMETER[k], "value '" + abbreviate(cellsMag[k])
                                    + "' is beyond what any magnetometer measures (at most ±" + (long) SensorLimits.MAX_MAG_UT
                                    + " µT): a damaged line, or the wrong unit");
                        }
                    }
                    magUt = new Vec3(m[0], m[1], m[2]);
                }
            }
            samples.add(new ImuSample(values[0], new Vec3(values[1], values[2], values[3]),
                    new Vec3(values[4], values[5], values[6]), magUt));
        }
        if (required == null) {
            throw error(source, lineNumber, null, lineNumber == 0 ? "the file is empty"
                    : "no header line (expected " + String.join(",", REQUIRED) + ")");
        }
        if (samples.isEmpty()) throw error(source, lineNumber, null, "the recording has a header but no samples");
        Recording recording = new Recording(source, metadata, samples, repairs, restarts);
        if (options.checkUnits()) UnitCheck.check(recording);
        return recording;
    }

    // The time line of the read in progress (a reader reads one file at a time).
    private double lastTimeS, timeOffsetS; // the last sample's time; added to every time after a joined restart
    private int repairs, restarts;

    /**
     * Where a sample stamped {@code rawS} goes on the recording's time line: after a joined restart its time is
     * moved with the stretch it belongs to; a small step back is repaired, a large one is a restarted clock (joined
     * when asked, else refused). Updates the time line.
     */
    private double placed(String source, long lineNumber, double rawS) throws RecordingFormatException {
        double t = rawS + timeOffsetS;
        if (t < lastTimeS && lastTimeS - t > MAX_TIME_REPAIR_S && options.joinClockRestarts()) {
            double at = lastTimeS + RESTART_GAP_S;
            timeOffsetS += at - t;
            t = at;
            restarts++;
        } else if (t < lastTimeS) {
            t = repairedTime(source, lineNumber, t, lastTimeS);
            repairs++;
        }
        lastTimeS = t;
        return t;
    }

    /**
     * The time of a sample stamped before the previous one: a small step back is clock jitter and the
     * sample keeps its place at the previous sample's time (the file's order is the sensor's order);
     * a larger one is a restarted clock, and the file is refused.
     */
    private static double repairedTime(String source, long lineNumber, double timeS, double lastTimeS)
            throws RecordingFormatException {
        if (lastTimeS - timeS > MAX_TIME_REPAIR_S) {
            throw error(source, lineNumber, "time_s", String.format(java.util.Locale.ROOT,
                    "time jumps back by %.3f s (%s s after %s s), more than the %.2f s of timestamp jitter that is "
                    + "repaired: the sensor's clock restarted (analyze --join-restarts places what follows %.0f s "
                    + "after the last sample and counts it), or this line is damaged",
                    lastTimeS - timeS, timeS, lastTimeS, MAX_TIME_REPAIR_S, RESTART_GAP_S));
        }
        return lastTimeS;
    }

    private static String nextLine(BufferedReader in) throws IOException { return in.readLine(); }

    private static void parseMetadata(String trimmed, Map<String, String> metadata) {
        String body = trimmed.substring(1).strip();
        int colon = body.indexOf(':');
        if (colon > 0) {
            String key = body.substring(0, colon).strip();
            if (!key.isEmpty() && key.indexOf(' ') < 0) metadata.putIfAbsent(key, body.substring(colon + 1).strip());
        }
    }

    /** Start and end of each cell of the line; false when the count differs from the header's. */
    private static boolean splitPositions(String line, int columnCount, int[] starts, int[] ends) {
        int start = 0;
        for (int i = 0; i < columnCount; i++) {
            int comma = line.indexOf(',', start);
            if (i == columnCount - 1) {
                if (comma >= 0) return false;
                starts[i] = start;
                ends[i] = line.length();
            } else {
                if (comma < 0) return false;
                starts[i] = start;
                ends[i] = comma;
                start = comma + 1;
            }
        }
        return true;
    }

    /** The line's cells, or null when the count differs from the header's. */
    private static String[] splitCells(String line, int columnCount) {
        String[] cells = new String[columnCount];
        int start = 0;
        for (int i = 0; i < columnCount; i++) {
            int comma = line.indexOf(',', start);
            if (i == columnCount - 1) {
                if (comma >= 0) return null;
                cells[i] = line.substring(start);
            } else {
                if (comma < 0) return null;
                cells[i] = line.substring(start, comma);
                start = comma + 1;
            }
        }
        return cells;
    }

    /**
     * Parses a decimal number; NaN for anything that is not one. Plain decimals (the common case)
     * are parsed without allocation and rounded correctly; other forms go to Double.parseDouble.
     */
    static double parseNumber(String s) {
        return parseNumber(s, 0, s.length());
    }

    /** {@link #parseNumber(String)} of the characters from {@code from} to {@code to}. */
    static double parseNumber(String s, int from, int to) {
        int n = to;
        int i = from;
        while (i < n && s.charAt(i) == ' ') i++;
        while (n > i && s.charAt(n - 1) == ' ') n--;
        if (i == n) return Double.NaN;
        boolean negative = false;
        char c = s.charAt(i);
        if (c == '-' || c == '+') {
            negative = c == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0, fraction = 0;
        boolean dot = false;
        int j = i;
        for (; j < n; j++) {
            c = s.charAt(j);
            if (c >= '0' && c <= '9') {
                if (digits >= 15) break; // beyond 15 digits the fast path could round wrongly
                mantissa = mantissa * 10 + (c - '0');
                if (mantissa != 0 || dot) digits++;
                if (dot) fraction++;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
        }
        if (j == n && j > i && !(dot && j == i + 1) && fraction <= 22) {
            double v = mantissa;
            if (fraction > 0) v /= POW10[fraction];
            return negative ? -v : v;
        }
        try {
            return Double.parseDouble(s.substring(from, to).strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static final double[] POW10 = new double[23];

    static {
        POW10[0] = 1;
        for (int k = 1; k < POW10.length; k++) POW10[k] = POW10[k - 1] * 10;
    }

    private static String abbreviate(String cell) {
        String t = cell.strip();
        return t.length() > 24 ? t.substring(0, 24) + "..." : t;
    }

    static RecordingFormatException error(String source, long line, String column, String message) {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) sb.append(" line ").append(line);
        if (column != null) sb.append(", column ").append(column);
        sb.append(": ").append(message);
        return new RecordingFormatException(sb.toString(), line, column);
    }
}
