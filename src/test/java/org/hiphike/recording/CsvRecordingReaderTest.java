package org.hiphike.recording;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hiphike.core.ImuSample;
import org.hiphike.core.Vec3;
import org.junit.jupiter.api.Test;

class CsvRecordingReaderTest {
    static final String HEAD = "# hiphike recording v1\n# sensor: bmi270\n# rate_hz: 100\n"
            + "time_s,acc_x_g,acc_y_g,acc_z_g,gyr_x_dps,gyr_y_dps,gyr_z_dps\n";

    static String rows(int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) sb.append(String.format(java.util.Locale.ROOT, "%.2f,0.001,0.999,-0.01,0.1,-0.2,0.05%n", i * 0.01));
        return sb.toString();
    }

    static Recording read(String text) throws Exception {
        return new CsvRecordingReader().read(new StringReader(text), "x.csv");
    }

    static RecordingFormatException failure(String text) {
        return assertThrows(RecordingFormatException.class, () -> read(text));
    }

    @Test
    void writesAndReadsBackEverySample() throws Exception {
        Random rnd = new Random(7);
        List<ImuSample> samples = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            samples.add(new ImuSample(i * 0.01 + rnd.nextDouble() * 1e-3,
                    new Vec3(rnd.nextGaussian() * 0.1, 1 + rnd.nextGaussian() * 0.01, rnd.nextGaussian() * 0.1),
                    new Vec3(rnd.nextGaussian() * 20, rnd.nextGaussian() * 20, rnd.nextGaussian() * 20),
                    i % 2 == 0 ? new Vec3(20, -40, 5) : null));
        }
        StringWriter w = new StringWriter();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("sensor", "bmi270");
        meta.put("rate_hz", "100");
        try (CsvRecordingWriter writer = new CsvRecordingWriter(w, meta, true)) {
            for (ImuSample s : samples) writer.write(s);
        }
        Recording r = read(w.toString());
        assertEquals("bmi270", r.metadata().get("sensor"));
        assertEquals(100.0, r.nominalRateHz());
        assertEquals(samples.size(), r.samples().size());
        for (int i = 0; i < samples.size(); i++) {
            ImuSample a = samples.get(i), b = r.samples().get(i);
            assertEquals(a.timeS(), b.timeS(), 0.6e-5);
            assertEquals(a.accG().y(), b.accG().y(), 0.6e-6);
            assertEquals(a.gyroDps().z(), b.gyroDps().z(), 0.6e-4);
            if (a.magUt() == null) assertNull(b.magUt());
            else assertEquals(a.magUt().y(), b.magUt().y(), 1e-3);
        }
    }

    @Test
    void findsColumnsByNameAndIgnoresUnknownOnes() throws Exception {
        String text = "# note: reordered\r\nseq,gyr_z_dps,gyr_y_dps,gyr_x_dps,acc_z_g,acc_y_g,acc_x_g,time_s,temp_c\r\n"
                + "1,3,2,1,0.1,0.98,0.05,0.00,25\r\n2,3,2,1,0.1,0.98,0.05,0.01,25\r\n";
        Recording r = read("\uFEFF" + text);
        ImuSample s = r.samples().get(1);
        assertEquals(0.01, s.timeS());
        assertEquals(new Vec3(0.05, 0.98, 0.1), s.accG());
        assertEquals(new Vec3(1, 2, 3), s.gyroDps());
        assertEquals("reordered", r.metadata().get("note"));
    }

    @Test
    void parsesNumbersLikeJava() {
        for (String s : new String[] {"0", "-0.5", "+1.25", "123456.789012", "1e-3", "-2.5E2", "0.000012", ".5", "5."}) {
            assertEquals(Double.parseDouble(s), CsvRecordingReader.parseNumber(s), s);
        }
        for (String s : new String[] {"", "abc", "1.2.3", "--1", "1,5", "NaNx"}) {
            assertTrue(Double.isNaN(CsvRecordingReader.parseNumber(s)), s);
        }
    }

    @Test
    void missingColumnIsNamed() {
        RecordingFormatException e = failure("time_s,acc_x_g,acc_y_g,acc_z_g,gyr_x_dps,gyr_y_dps\n0,0,1,0,0,0\n");
        assertEquals("gyr_z_dps", e.column());
        assertEquals(1, e.lineNumber());
        assertTrue(e.getMessage().contains("line 1, column gyr_z_dps"), e.getMessage());
    }

    @Test
    void nonNumericValueNamesLineAndColumn() {
        String text = HEAD + rows(3) + "0.03,0.001,abc,-0.01,0.1,-0.2,0.05\n" + "0.04,0.001,0.999,-0.01,0.1,-0.2,0.05\n";
        RecordingFormatException e = failure(text);
        assertEquals(8, e.lineNumber());
        assertEquals("acc_y_g", e.column());
        assertTrue(e.getMessage().contains("'abc' is not a finite number"), e.getMessage());
    }

    @Test
    void nanAndInfinityAreRefused() {
        assertEquals("gyr_x_dps", failure(HEAD + rows(2) + "0.02,0,1,0,NaN,0,0\n0.03,0,1,0,0,0,0\n").column());
        assertEquals("acc_z_g", failure(HEAD + rows(2) + "0.02,0,1,Infinity,0,0,0\n0.03,0,1,0,0,0,0\n").column());
    }

    /** Values no IMU measures (a damaged byte: -0.003906 read as -02003906) are refused with line and column. */
    @Test
    void valuesBeyondWhatAnImuMeasuresAreRefusedWithLineAndColumn() {
        String ok = "0.03,0.001,0.999,-0.01,0.1,-0.2,0.05\n";
        Object[][] cases = {
                {"0.02,9999999,1,0,0,0,0\n", "acc_x_g", "'9999999' is beyond what any IMU measures (at most ±64 g)"},
                {"0.02,0,1,-02003906,0,0,0\n", "acc_z_g", "'-02003906' is beyond"},
                {"0.02,0,1,0,0,1e308,0\n", "gyr_y_dps", "(at most ±5000 °/s)"},
                {"0.02,0,1,0,0,0,-6000\n", "gyr_z_dps", "a damaged line, or the wrong unit"}};
        for (Object[] c : cases) {
            RecordingFormatException e = failure(HEAD + rows(2) + c[0] + ok);
            assertEquals(7, e.lineNumber(), (String) c[0]);
            assertEquals(c[1], e.column(), (String) c[0]);
            assertTrue(e.getMessage().contains((String) c[2]), e.getMessage());
        }
        String magHead = HEAD.replace("gyr_z_dps\n", "gyr_z_dps,mag_x_ut,mag_y_ut,mag_z_ut\n");
        RecordingFormatException mag = failure(magHead + "0.00,0,1,0,0,0,0,20,-40,1e7\n0.01,0,1,0,0,0,0,20,-40,5\n");
        assertEquals("mag_z_ut", mag.column());
        assertTrue(mag.getMessage().contains("beyond what any magnetometer measures"), mag.getMessage());
    }

    /** A gap of 1e9 s is a broken clock, not two billion samples lost. */
    @Test
    void aForwardJumpOfMoreThanADayIsRefused() {
        RecordingFormatException e = failure(HEAD + rows(3) + "1000000000.0,0,1,0,0,0,0\n" + "1000000000.01,0,1,0,0,0,0\n");
        assertEquals(8, e.lineNumber());
        assertEquals("time_s", e.column());
        assertTrue(e.getMessage().contains("time jumps forward by 1.00e+09 s"), e.getMessage());
    }

    /** The declared rate decides how many samples a gap lost: it must be an IMU's rate, and the timestamps'. */
    @Test
    void aDeclaredRateIsCheckedAgainstTheTimestamps() throws Exception {
        RecordingFormatException absurd = failure(HEAD.replace("rate_hz: 100", "rate_hz: 1e9") + rows(20));
        assertTrue(absurd.getMessage().contains("'# rate_hz: 1e9' is not a rate an IMU streams at (1-5000 Hz)"),
                absurd.getMessage());
        RecordingFormatException wrong = failure(HEAD.replace("rate_hz: 100", "rate_hz: 400") + rows(20));
        assertTrue(wrong.getMessage().contains("does not agree with time_s, whose samples are 0.0100 s apart (100.0 Hz)"),
                wrong.getMessage());
        // Read without the unit checks (as report traces are), the measured rate is used and no sample counts lost.
        Recording r = new CsvRecordingReader(new CsvRecordingReader.Options(false, false))
                .read(new StringReader(HEAD.replace("rate_hz: 100", "rate_hz: 1e9") + rows(20)), "x.csv");
        assertEquals(100, r.nominalRateHz(), 0.01);
        assertEquals(0, r.droppedSamples());
        assertEquals(100, read(HEAD.replace("rate_hz: 100", "rate_hz: 104") + rows(20)).nominalRateHz(), 5);
    }

    @Test
    void aRestartedClockIsRefused() {
        // rows(5) ends at 0.04 s; then 3.0 s, and back to 0.0 s: a jump back of 3 s
        RecordingFormatException e = failure(HEAD + rows(5) + "3.00,0.001,0.999,-0.01,0.1,-0.2,0.05\n"
                + "0.00,0.001,0.999,-0.01,0.1,-0.2,0.05\n");
        assertEquals("time_s", e.column());
        assertEquals(11, e.lineNumber());
        assertTrue(e.getMessage().contains("jumps back by 3.000 s"), e.getMessage());
        assertTrue(e.getMessage().contains("clock restarted (analyze --join-restarts"), e.getMessage());
    }

    @Test
    void aRestartedClockIsJoinedOnRequestOneSecondAfterTheLastSample() throws Exception {
        // 0.00-0.49 s, then the clock starts again at 0.00 and runs 0.00-0.04
        String text = HEAD + rows(50) + rows(5);
        Recording r = new CsvRecordingReader(new CsvRecordingReader.Options(false, false, true))
                .read(new StringReader(text), "restarted.csv");
        double[] times = r.samples().stream().skip(48).mapToDouble(ImuSample::timeS).toArray();
        assertArrayEquals(new double[] {0.48, 0.49, 1.49, 1.50, 1.51, 1.52, 1.53}, times, 1e-9);
        assertEquals(1, r.clockRestarts());
        assertEquals(0, r.timeRepairs());
        assertEquals(0, r.droppedSamples(), "the joined gap is not samples known to be lost");
        // Small jitter after the join is still repaired, not taken for another restart.
        Recording jitter = new CsvRecordingReader(new CsvRecordingReader.Options(false, false, true))
                .read(new StringReader(text + "0.035,0,1,0,0,0,0\n"), "restarted.csv"); // 1.525 after 1.53
        assertEquals(1, jitter.clockRestarts());
        assertEquals(1, jitter.timeRepairs());
    }

    @Test
    void smallStepsBackAreRepairedAndCounted() throws Exception {
        // phone-grade jitter: 0.031 stamped before 0.032, 0.0405 before 0.041
        String text = HEAD + "0.010,0,1,0,0,0,0\n0.020,0,1,0,0,0,0\n0.032,0,1,0,0,0,0\n0.031,0,1,0,0,0,0\n"
                + "0.041,0,1,0,0,0,0\n0.0405,0,1,0,0,0,0\n0.050,0,1,0,0,0,0\n";
        Recording r = new CsvRecordingReader(new CsvRecordingReader.Options(false, false))
                .read(new java.io.StringReader(text), "jitter.csv");
        assertEquals(7, r.samples().size(), "no sample is lost");
        assertEquals(2, r.timeRepairs());
        double[] times = r.samples().stream().mapToDouble(s -> s.timeS()).toArray();
        assertArrayEquals(new double[] {0.010, 0.020, 0.032, 0.032, 0.041, 0.041, 0.050}, times, 1e-12);
    }

    @Test
    void emptyFileAndHeaderOnlyAreRefused() {
        assertTrue(failure("").getMessage().contains("empty"));
        assertTrue(failure(HEAD).getMessage().contains("no samples"));
        assertTrue(failure("# only metadata\n").getMessage().contains("no header"));
    }

    @Test
    void truncatedLastLineIsRefusedOrDroppedOnRequest() throws Exception {
        String text = HEAD + rows(300) + "3.00,0.001,0.99";
        RecordingFormatException e = failure(text);
        assertEquals(305, e.lineNumber());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Recording r = new CsvRecordingReader(new CsvRecordingReader.Options(true, true)).read(new StringReader(text), "x.csv");
        assertEquals(300, r.samples().size());
    }

    @Test
    void wrongColumnCountInTheMiddleIsRefused() {
        RecordingFormatException e = failure(HEAD + rows(3) + "0.03,0.001,0.999\n" + rows(1));
        assertEquals(8, e.lineNumber());
    }

    @Test
    void accelerometerInMetresPerSecondSquaredIsDetected() {
        String text = HEAD + rows(200).replace(",0.999,", ",9.797,");
        RecordingFormatException e = failure(text);
        assertTrue(e.getMessage().contains("m/s²"), e.getMessage());
    }

    @Test
    void timeInMillisecondsIsDetected() {
        StringBuilder sb = new StringBuilder(HEAD);
        for (int i = 0; i < 100; i++) sb.append(i * 10).append(",0.001,0.999,-0.01,0.1,-0.2,0.05\n");
        assertTrue(failure(sb.toString()).getMessage().contains("milliseconds"));
    }

    @Test
    void gyroscopeInRadiansPerSecondIsDetected() {
        // The sensor tilts back and forth by 20 degrees; the gyroscope reports the rate in rad/s.
        StringBuilder sb = new StringBuilder(HEAD);
        double rate = 100;
        for (int i = 0; i < 2000; i++) {
            double t = i / rate;
            double angle = Math.toRadians(20) * Math.sin(2 * Math.PI * 0.25 * t);
            double rateRad = Math.toRadians(20) * 2 * Math.PI * 0.25 * Math.cos(2 * Math.PI * 0.25 * t);
            sb.append(String.format(java.util.Locale.ROOT, "%.4f,%.6f,%.6f,0,0,0,%.6f%n", t, Math.sin(angle), Math.cos(angle), rateRad));
        }
        assertTrue(failure(sb.toString()).getMessage().contains("rad/s"));
        // The same motion in deg/s passes.
        String dps = sb.toString().lines().map(l -> {
            if (l.startsWith("#") || l.startsWith("time")) return l;
            String[] c = l.split(",");
            c[6] = String.format(java.util.Locale.ROOT, "%.4f", Math.toDegrees(Double.parseDouble(c[6])));
            return String.join(",", c);
        }).reduce("", (a, b) -> a + b + "\n");
        assertTrue(assertDoesNotFail(dps));
    }

    private static boolean assertDoesNotFail(String text) {
        try {
            read(text);
            return true;
        } catch (Exception e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
