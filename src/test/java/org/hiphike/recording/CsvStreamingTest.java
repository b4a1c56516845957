package org.hiphike.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.hiphike.core.AxisRemap;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.ReportJson;
import org.junit.jupiter.api.Test;

/**
 * The reader's fast path (lines parsed as bytes, no String) against its careful path (every line decoded and read
 * the way the reader always has), and a streamed read against a whole one: the same samples, the same summary, the
 * same refusals with the same messages.
 */
class CsvStreamingTest {
    private static final CsvRecordingReader.Options[] OPTIONS = {CsvRecordingReader.Options.STRICT,
            new CsvRecordingReader.Options(true, false, true), new CsvRecordingReader.Options(false, true, true)};

    /** What a read gave: the samples and summary, or the refusal. */
    record Outcome(List<ImuSample> samples, RecordingSummary summary, String error, long line, String column) {}

    static Outcome read(byte[] data, CsvRecordingReader.Options options, boolean carefulOnly) throws IOException {
        List<ImuSample> samples = new ArrayList<>();
        try {
            RecordingSummary s = new CsvRecordingReader(options, carefulOnly)
                    .stream(new ByteArrayInputStream(data), "t.csv", samples::add);
            return new Outcome(samples, s, null, 0, null);
        } catch (RecordingFormatException e) {
            return new Outcome(null, null, e.getMessage(), e.lineNumber(), e.column());
        }
    }

    private static void assertSameBothWays(byte[] data, String what) throws IOException {
        for (CsvRecordingReader.Options o : OPTIONS) {
            Outcome careful = read(data, o, true), fast = read(data, o, false);
            assertEquals(careful, fast, () -> what + " with " + o + ":\n" + new String(data, StandardCharsets.UTF_8));
        }
    }

    static List<Path> sampleFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : new String[] {"samples", "samples/field-recordings"}) {
            try (Stream<Path> s = Files.list(Path.of(dir))) {
                s.filter(p -> p.toString().endsWith(".csv")).sorted().forEach(files::add);
            }
        }
        assertTrue(files.size() >= 15, "the bundled samples: " + files);
        return files;
    }

    @Test
    void everyBundledRecordingReadsTheSameBothWaysAndStreamedAsWhole() throws Exception {
        for (Path f : sampleFiles()) {
            assertSameBothWays(Files.readAllBytes(f), f.toString());
            Recording whole = new CsvRecordingReader().read(f);
            RecordingSummary streamed = new CsvRecordingReader().stream(f, s -> { });
            assertEquals(whole.summary(), streamed, f.toString());
            assertEquals(ReportJson.toJson(Analysis.analyze(whole, PipelineSettings.DEFAULTS, AxisRemap.IDENTITY)),
                    ReportJson.toJson(Analysis.analyze(new CsvRecordingReader().streamOf(f), PipelineSettings.DEFAULTS,
                            AxisRemap.IDENTITY, null)), f.toString());
        }
    }

    @Test
    void theFuzzCorpusReadsTheSameBothWays() throws Exception {
        Path dir = Path.of("src/test/resources/org/hiphike/recording/InputFuzzTestInputs/csvRecording");
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.sorted().toList()) assertSameBothWays(Files.readAllBytes(f), f.toString());
        }
    }

    /** Cells a line may have: plain numbers and every odd form the careful path knows. */
    private static final String[] ODD = {"", " ", "  0.5 ", "\t0.25", "0.5\t", "+0.5", "-0", ".5", "5.", "-.5", "1e-3",
            "1E2", "0x1p3", "NaN", "Infinity", "-Infinity", "1d", "1f", "12345678901234567890", "0.12345678901234567890",
            "1.2.3", "--1", "-", "+", ".", "abc", "1,5", "9999", "-9999", "17", "\u00a00.5", "\u20030.5\u2003", "0.5\u00b5",
            "\u0660", "1_000", "\u001f0.5", "0.5\u000b", "#", "\ufeff0"};

    /** A decimal of 1 to 25 digits, the dot anywhere: where a fast parse could round otherwise than the JDK. */
    private static String digits(Random rng) {
        StringBuilder sb = new StringBuilder(rng.nextBoolean() ? "-" : "");
        int n = 1 + rng.nextInt(25), dot = rng.nextInt(n + 1);
        for (int i = 0; i < n; i++) {
            if (i == dot) sb.append('.');
            sb.append((char) ('0' + rng.nextInt(10)));
        }
        return sb.toString();
    }

    /** Nothing, or characters that {@link String#strip} removes (and one that it does not). */
    private static String blank(Random rng) {
        String[] chars = {" ", "\t", "\u000b", "\f", "\u001c", "\u001f", "\u2003", "\u00a0"};
        StringBuilder sb = new StringBuilder();
        for (int i = rng.nextInt(4); i > 0; i--) sb.append(chars[rng.nextInt(chars.length)]);
        return sb.toString();
    }

    @Test
    void randomLinesReadTheSameBothWays() throws Exception {
        Random rng = new Random(20261204);
        String[] endings = {"\n", "\r\n", "\r", "\n\n", "\r\r\n", " \n"};
        for (int doc = 0; doc < 3000; doc++) {
            StringBuilder sb = new StringBuilder();
            if (rng.nextInt(8) == 0) sb.append('\ufeff');
            sb.append("# hiphike recording v1\n");
            if (rng.nextBoolean()) sb.append("# rate_hz: ").append(rng.nextInt(6) == 0 ? "50" : "100").append('\n');
            boolean mag = rng.nextInt(3) == 0;
            sb.append(rng.nextInt(10) == 0 ? " time_s , acc_x_g,acc_y_g,acc_z_g,gyr_x_dps,gyr_y_dps,gyr_z_dps"
                    : "time_s,acc_x_g,acc_y_g,acc_z_g,gyr_x_dps,gyr_y_dps,gyr_z_dps");
            if (mag) sb.append(",mag_x_ut,mag_y_ut,mag_z_ut");
            if (rng.nextInt(6) == 0) sb.append(",extra");
            sb.append(endings[rng.nextInt(endings.length)]);
            int columns = 7 + (mag ? 3 : 0);
            int lines = 1 + rng.nextInt(40);
            double t = rng.nextInt(4) == 0 ? 0 : rng.nextDouble() * 100;
            for (int i = 0; i < lines; i++) {
                int kind = rng.nextInt(30);
                if (kind == 0) sb.append(blank(rng)).append("# a comment");
                else if (kind == 1) sb.append(blank(rng));
                else {
                    t += switch (rng.nextInt(12)) {
                        case 0 -> -0.1;                 // repaired jitter
                        case 1 -> -5;                   // a restarted clock
                        case 2 -> 2;                    // a gap
                        case 3 -> 1e6;                  // far forward
                        default -> 0.01;
                    };
                    int n = columns + (rng.nextInt(25) == 0 ? rng.nextInt(3) - 1 : 0);
                    for (int c = 0; c < n; c++) {
                        if (c > 0) sb.append(',');
                        if (rng.nextInt(12) == 0) sb.append(ODD[rng.nextInt(ODD.length)]);
                        else if (rng.nextInt(12) == 0) sb.append(digits(rng));
                        else if (c == 0) sb.append(String.format(java.util.Locale.ROOT, "%.5f", t));
                        else if (c >= 7 && rng.nextInt(3) == 0) sb.append(blank(rng));
                        else if (c >= 7) sb.append(String.format(java.util.Locale.ROOT, "%.3f", rng.nextGaussian() * 40));
                        else if (c <= 3) sb.append(String.format(java.util.Locale.ROOT, "%.6f", (c == 2 ? 1 : 0) + rng.nextGaussian() * 0.05));
                        else sb.append(String.format(java.util.Locale.ROOT, "%.4f", rng.nextGaussian() * 20));
                    }
                }
                if (i < lines - 1 || rng.nextBoolean()) sb.append(endings[rng.nextInt(endings.length)]);
            }
            byte[] data = sb.toString().getBytes(StandardCharsets.UTF_8);
            if (rng.nextInt(20) == 0) { // bytes that are not UTF-8
                data = java.util.Arrays.copyOf(data, data.length);
                data[rng.nextInt(data.length)] = (byte) (0x80 + rng.nextInt(0x80));
            }
            assertSameBothWays(data, "document " + doc);
        }
    }

    @Test
    void aLineLongerThanTheBoundIsRefusedWithItsNumber() throws Exception {
        String head = "time_s,acc_x_g,acc_y_g,acc_z_g,gyr_x_dps,gyr_y_dps,gyr_z_dps\n0,0,1,0,0,0,0\n0.01,0,1,0,0,0,";
        byte[] data = (head + "0".repeat(CsvRecordingReader.MAX_LINE_BYTES) + "\n").getBytes(StandardCharsets.US_ASCII);
        Outcome o = read(data, CsvRecordingReader.Options.STRICT, false);
        assertEquals("t.csv line 3: the line is longer than " + CsvRecordingReader.MAX_LINE_BYTES
                + " bytes: this is not a CSV v1 recording", o.error());
        assertEquals(3, o.line());
        // under the bound a long line is an ordinary one (here a gyroscope reading of 0 with many digits)
        byte[] under = (head + "0".repeat(200_000) + "\n").getBytes(StandardCharsets.US_ASCII);
        Outcome read = read(under, CsvRecordingReader.Options.STRICT, false);
        assertEquals(null, read.error());
        assertEquals(2, read.summary().samples());
    }

    @Test
    void textAndItsUtf8BytesReadTheSame() throws Exception {
        String text = "\ufeff# rate_hz: 100\n# note: caf\u00e9 \ud83d\ude00\ntime_s,acc_x_g,acc_y_g,acc_z_g,gyr_x_dps,gyr_y_dps,gyr_z_dps\n"
                + "0,0,1,0,0,0,0\r\n0.01,0,1,0,0,0,0\r0.02,0,1,0,0,0,0\n0.03,0,\u00b51,0,0,0,0\n";
        RecordingFormatException fromText = org.junit.jupiter.api.Assertions.assertThrows(RecordingFormatException.class,
                () -> new CsvRecordingReader().read(new java.io.StringReader(text), "t.csv"));
        assertEquals(read(text.getBytes(StandardCharsets.UTF_8), CsvRecordingReader.Options.STRICT, true).error(),
                fromText.getMessage());
        assertEquals("t.csv line 7, column acc_y_g: value '\u00b51' is not a finite number", fromText.getMessage());
    }
}
