package org.hiphike.recording;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
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

    public CsvRecordingReader(Options options) { this(options, false); }

    private final boolean carefulOnly;

    /** With {@code carefulOnly}, every line goes the careful way (decoded into a String): the reference the fast path is tested against. */
    CsvRecordingReader(Options options, boolean carefulOnly) {
        this.options = options;
        this.carefulOnly = carefulOnly;
    }

    /** Longest line read, bytes: far beyond any CSV v1 line, it bounds what one line can make the reader hold. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    /**
     * The whole recording in memory, for callers that need every sample at hand (small files, the dashboard's
     * replays, tests). {@link #stream(Path, Consumer)} reads one of any length in bounded memory.
     */
    public Recording read(Path path) throws IOException, RecordingFormatException {
        List<ImuSample> samples = new ArrayList<>();
        return recording(stream(path, samples::add), samples);
    }

    /** {@link #read(Path)} of text (it is read as its UTF-8 bytes). */
    public Recording read(Reader reader, String source) throws IOException, RecordingFormatException {
        return read(new Utf8Bytes(reader), source);
    }

    /** {@link #read(Path)} of UTF-8 bytes. */
    public Recording read(InputStream in, String source) throws IOException, RecordingFormatException {
        List<ImuSample> samples = new ArrayList<>();
        return recording(stream(in, source, samples::add), samples);
    }

    private static Recording recording(RecordingSummary s, List<ImuSample> samples) {
        return new Recording(s.source(), s.metadata(), samples, s.timeRepairs(), s.clockRestarts());
    }

    /**
     * Reads the file and hands each sample to {@code sink} as soon as its line is parsed, keeping nothing per
     * sample: the memory used does not grow with the recording. The checks and messages are those of
     * {@link #read(Path)}; a line found bad throws when it is reached (after the samples before it were handed
     * over), and the checks of units, which need the whole recording, throw after the last sample.
     */
    public RecordingSummary stream(Path path, Consumer<ImuSample> sink) throws IOException, RecordingFormatException {
        try (InputStream in = Files.newInputStream(path)) {
            return stream(in, path.toString(), sink);
        } catch (NoSuchFileException e) {
            throw new RecordingFormatException(path + ": no such file", 0, null);
        }
    }

    /** {@link #stream(Path, Consumer)} of UTF-8 bytes; {@code source} names them in messages. */
    public RecordingSummary stream(InputStream in, String source, Consumer<ImuSample> sink)
            throws IOException, RecordingFormatException {
        return new Parse(in, source, sink).run();
    }

    /** The file as a {@link RecordingStream}: read (again) each time it is fed. */
    public RecordingStream streamOf(Path path) {
        return sink -> stream(path, sink);
    }

    /**
     * One read. Lines are cut from a byte buffer (a line ends at \n, \r or \r\n, as {@link BufferedReader#readLine}
     * has it); a data line of ASCII is parsed there without a String. Anything else (the header and the lines
     * before it, a line with other characters, and every line the fast path does not take whole) is decoded and
     * goes the careful way, which gives the messages.
     */
    private final class Parse {
        private final InputStream in;
        private final String source;
        private final Consumer<ImuSample> sink;
        private byte[] buf = new byte[1 << 16];
        private int pos, lim, lineStart, lineEnd;
        private boolean eof, skipLF;
        private long lineNumber, count;
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private int[] required, mag;
        private int columnCount;
        private String[] names;
        private final double[] values = new double[7], magValues = new double[3];
        private int[] starts = new int[64], ends = new int[64];
        private double lastTimeS = Double.NEGATIVE_INFINITY, timeOffsetS; // the last sample's time; added to every time after a joined restart
        private int repairs, restarts;
        private RecordingStats stats;
        private UnitCheck.Accumulator units;

        Parse(InputStream in, String source, Consumer<ImuSample> sink) {
            this.in = in;
            this.source = source;
            this.sink = sink;
        }

        RecordingSummary run() throws IOException, RecordingFormatException {
            while (nextLine()) {
                lineNumber++;
                if (required != null && !carefulOnly && fastLine()) continue;
                String line = new String(buf, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
                if (!carefulLine(line, !fill())) break;
            }
            if (required == null) {
                throw error(source, lineNumber, null, lineNumber == 0 ? "the file is empty"
                        : "no header line (expected " + String.join(",", REQUIRED) + ")");
            }
            if (count == 0) throw error(source, lineNumber, null, "the recording has a header but no samples");
            if (options.checkUnits()) units.check(source, metadata);
            return new RecordingSummary(source, metadata, (int) count, stats.durationS(), stats.nominalRateHz(),
                    stats.droppedSamples(restarts), repairs, restarts);
        }

        /** Whether a byte is at {@code pos} (after the \n of a \r\n), reading more when needed; false at the end. */
        private boolean fill() throws IOException {
            while (true) {
                if (pos < lim) {
                    if (skipLF) {
                        skipLF = false;
                        if (buf[pos] == '\n') {
                            pos++;
                            continue;
                        }
                    }
                    return true;
                }
                if (eof) return false;
                pos = lim = 0;
                int n = in.read(buf, 0, buf.length);
                if (n < 0) eof = true;
                else lim = n;
            }
        }

        /** The next line into {@code lineStart..lineEnd} of {@code buf}; false when there is none. */
        private boolean nextLine() throws IOException, RecordingFormatException {
            if (!fill()) return false;
            int start = pos, i = pos;
            while (true) {
                byte[] b = buf;
                int end = lim;
                while (i < end && b[i] != '\n' && b[i] != '\r') i++;
                if (i < end) {
                    lineStart = start;
                    lineEnd = i;
                    skipLF = b[i] == '\r';
                    pos = i + 1;
                    return true;
                }
                if (eof) {
                    lineStart = start;
                    lineEnd = lim;
                    pos = lim;
                    return true;
                }
                int len = lim - start;
                if (len > MAX_LINE_BYTES) {
                    throw error(source, lineNumber + 1, null, "the line is longer than " + MAX_LINE_BYTES
                            + " bytes: this is not a CSV v1 recording");
                }
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, len);
                    i -= start;
                    start = 0;
                    lim = len;
                } else if (lim == buf.length) {
                    buf = Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_LINE_BYTES + 1));
                }
                int n = in.read(buf, lim, buf.length - lim);
                if (n < 0) eof = true;
                else lim += n;
            }
        }

        /**
         * A line after the header, parsed in the buffer: true when it was taken (a sample, a blank or comment line),
         * false when the careful path is to look at it (it may be wrong, or not ASCII, or have a magnetometer reading
         * that does not parse).
         */
        private boolean fastLine() throws RecordingFormatException {
            byte[] b = buf;
            int e = lineEnd, last = columnCount - 1, col = 0, cellStart = lineStart, first = lineStart;
            while (first < e && whitespace(b[first])) first++;
            if (first == e || b[first] == '#') return true; // a blank line, or a comment
            int[] st = starts, en = ends;
            for (int i = lineStart; i < e; i++) {
                byte c = b[i];
                if (c == ',') {
                    if (col < last) {
                        st[col] = cellStart;
                        en[col] = i;
                    }
                    col++;
                    cellStart = i + 1;
                } else if (c < 0) {
                    return false; // not ASCII: decoded and read the careful way
                }
            }
            if (col != last) return false;
            st[last] = cellStart;
            en[last] = e;
            for (int i = 0; i < 7; i++) {
                double v = parseNumber(b, st[required[i]], en[required[i]]);
                if (!(Math.abs(v) <= LIMIT[i])) return false; // not finite, or beyond what an IMU measures
                values[i] = v;
            }
            if (lastTimeS > Double.NEGATIVE_INFINITY && values[0] + timeOffsetS - lastTimeS > SensorLimits.MAX_FORWARD_STEP_S) {
                return false;
            }
            Vec3 magUt = null;
            if (mag != null) {
                boolean any = false;
                for (int k = 0; k < 3; k++) {
                    int from = st[mag[k]], to = en[mag[k]];
                    while (from < to && whitespace(b[from])) from++;
                    while (to > from && whitespace(b[to - 1])) to--;
                    st[mag[k]] = from;
                    en[mag[k]] = to;
                    any |= from < to;
                }
                if (any) {
                    for (int k = 0; k < 3; k++) {
                        double v = st[mag[k]] == en[mag[k]] ? Double.NaN : parseNumber(b, st[mag[k]], en[mag[k]]);
                        if (!Double.isFinite(v) || Math.abs(v) > SensorLimits.MAX_MAG_UT) return false;
                        magValues[k] = v;
                    }
                    magUt = new Vec3(magValues[0], magValues[1], magValues[2]);
                }
            }
            double t = placed(values[0]);
            emit(new ImuSample(t, new Vec3(values[1], values[2], values[3]), new Vec3(values[4], values[5], values[6]), magUt));
            return true;
        }

        private void emit(ImuSample s) throws RecordingFormatException {
            if (count == Integer.MAX_VALUE) {
                throw error(source, lineNumber, null, "more than " + Integer.MAX_VALUE + " samples in one recording");
            }
            count++;
            stats.add(s.timeS());
            if (units != null) units.add(s);
            sink.accept(s);
        }

        /** A line the careful way; false when reading is to stop here (a truncated last line that is to be dropped). */
        private boolean carefulLine(String line, boolean last) throws RecordingFormatException {
            if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') line = line.substring(1);
            String trimmed = line.strip();
            if (trimmed.isEmpty()) return true;
            if (trimmed.charAt(0) == '#') {
                if (required == null) parseMetadata(trimmed, metadata);
                return true;
            }
            if (required == null) {
                header(trimmed);
                return true;
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
                    values[0] = placed(values[0]);
                    emit(new ImuSample(values[0], new Vec3(values[1], values[2], values[3]),
                            new Vec3(values[4], values[5], values[6]), null));
                    return true;
                }
                // otherwise the careful path below says what is wrong, or reads the magnetometer
            }
            String[] cells = splitCells(line, columnCount);
            if (cells == null) {
                int found = line.split(",", -1).length;
                if (last && found < columnCount) {
                    if (options.allowTruncatedLastLine()) return false;
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
            values[0] = placed(values[0]);
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
            emit(new ImuSample(values[0], new Vec3(values[1], values[2], values[3]),
                    new Vec3(values[4], values[5], values[6]), magUt));
            return true;
        }

        private void header(String trimmed) throws RecordingFormatException {
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
            int[] req = new int[REQUIRED.length];
            for (int i = 0; i < REQUIRED.length; i++) {
                Integer at = index.get(REQUIRED[i]);
                if (at == null) {
                    throw error(source, lineNumber, REQUIRED[i], "the header has no column '" + REQUIRED[i]
                            + "' (a CSV v1 recording needs " + String.join(",", REQUIRED) + "); found: " + trimmed);
                }
                req[i] = at;
            }
            if (index.keySet().containsAll(List.of(MAGNETOMETER))) {
                mag = new int[] {index.get(MAGNETOMETER[0]), index.get(MAGNETOMETER[1]), index.get(MAGNETOMETER[2])};
            }
            required = req;
            stats = new RecordingStats(metadata);
            if (options.checkUnits()) units = new UnitCheck.Accumulator();
        }

        /**
         * Where a sample stamped {@code rawS} goes on the recording's time line: after a joined restart its time is
         * moved with the stretch it belongs to; a small step back is repaired, a large one is a restarted clock (joined
         * when asked, else refused). Updates the time line.
         */
        private double placed(double rawS) throws RecordingFormatException {
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
    }

    /** What {@link String#strip} takes away, of ASCII. */
    private static boolean whitespace(byte c) {
        return c == ' ' || (c >= 9 && c <= 13) || (c >= 28 && c <= 31);
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

    /**
     * {@link #parseNumber(String)} of the characters from {@code from} to {@code to}: the careful path's cells, as
     * ASCII bytes for {@link #parseNumber(byte[], int, int)} (a number is ASCII once stripped: anything else is NaN).
     */
    static double parseNumber(String s, int from, int to) {
        String cell = s.substring(from, to).strip();
        byte[] b = new byte[cell.length()];
        for (int i = 0; i < b.length; i++) {
            char c = cell.charAt(i);
            if (c >= 0x80) return Double.NaN;
            b[i] = (byte) c;
        }
        return parseNumber(b, 0, b.length);
    }

    /**
     * A decimal number of ASCII bytes; NaN for anything that is not one. Plain decimals (the common case) are parsed
     * without allocation and rounded correctly; other forms (exponents, more than 15 digits) go to Double.parseDouble.
     */
    static double parseNumber(byte[] s, int from, int to) {
        int n = to;
        int i = from;
        while (i < n && s[i] == ' ') i++;
        while (n > i && s[n - 1] == ' ') n--;
        if (i == n) return Double.NaN;
        boolean negative = false;
        byte c = s[i];
        if (c == '-' || c == '+') {
            negative = c == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0, fraction = 0;
        boolean dot = false;
        int j = i;
        for (; j < n; j++) {
            c = s[j];
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
            return Double.parseDouble(new String(s, from, to - from, StandardCharsets.ISO_8859_1).strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** A text's UTF-8 bytes, encoded as they are read (a lone surrogate becomes '?'). */
    static final class Utf8Bytes extends InputStream {
        private final Reader reader;
        private final java.nio.charset.CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE);
        private final java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(8192);
        private final java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(3 * 8192 + 16);
        private boolean eof, flushed;

        Utf8Bytes(Reader reader) {
            this.reader = reader;
            chars.flip();
            bytes.flip();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (!bytes.hasRemaining()) {
                if (flushed) return -1;
                bytes.clear();
                if (!eof) {
                    chars.compact();
                    if (reader.read(chars) < 0) eof = true;
                    chars.flip();
                }
                encoder.encode(chars, bytes, eof);
                if (eof && !chars.hasRemaining()) {
                    encoder.flush(bytes);
                    flushed = true;
                }
                bytes.flip();
            }
            int n = Math.min(len, bytes.remaining());
            bytes.get(b, off, n);
            return n;
        }

        @Override
        public void close() throws IOException { reader.close(); }
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
