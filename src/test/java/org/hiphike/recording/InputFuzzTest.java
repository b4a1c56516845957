package org.hiphike.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.hiphike.core.AxisRemap;
import org.hiphike.core.ImuSample;
import org.hiphike.core.SensorLimits;
import org.hiphike.core.Vec3;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.PelvicDropPipeline;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.PipelineState;
import org.hiphike.exercise.Rep;
import org.hiphike.exercise.Report;
import org.hiphike.exercise.ReportJson;

/**
 * Coverage-guided fuzzing (Jazzer) of what reads and measures a recording: the CSV v1 reader and the pipeline fed
 * any values at all. Without {@code JAZZER_FUZZ=1} each test replays its committed corpus in
 * {@code src/test/resources/org/hiphike/recording/InputFuzzTestInputs/<method>/}; {@code mvn verify} fuzzes each for
 * its {@code maxDuration} (pom.xml, executions {@code fuzz-csvRecording}, {@code fuzz-pipeline}), and a finding is
 * written beside the corpus and fails the build.
 */
class InputFuzzTest {

    /**
     * Any bytes as a CSV v1 file: a recording whose samples are finite, within what an IMU measures and in time
     * order, analysed into a report whose numbers are finite; or a refusal with a message (and a line number when one
     * line is to blame). Nothing else: no other exception, no report from garbage.
     */
    @FuzzTest(maxDuration = "20s")
    void csvRecording(byte[] data) throws Exception {
        String text = new String(data, StandardCharsets.UTF_8);
        for (CsvRecordingReader.Options o : new CsvRecordingReader.Options[] {CsvRecordingReader.Options.STRICT,
                new CsvRecordingReader.Options(true, false, true)}) {
            Recording r;
            try {
                r = new CsvRecordingReader(o).read(new StringReader(text), "fuzz.csv");
            } catch (RecordingFormatException e) {
                assertNotNull(e.getMessage());
                assertTrue(e.getMessage().startsWith("fuzz.csv"), e.getMessage());
                assertTrue(e.lineNumber() >= 0);
                continue;
            }
            assertTrue(!r.samples().isEmpty());
            double last = Double.NEGATIVE_INFINITY;
            for (ImuSample s : r.samples()) {
                assertTrue(Double.isFinite(s.timeS()) && s.timeS() >= last, "time " + s.timeS() + " after " + last);
                last = s.timeS();
                assertTrue(within(s.accG(), SensorLimits.MAX_ACC_G) && within(s.gyroDps(), SensorLimits.MAX_GYRO_DPS), s.toString());
            }
            assertTrue(r.droppedSamples() >= 0 && r.timeRepairs() >= 0 && r.clockRestarts() >= 0);
            if (r.samples().size() <= 20_000) checkReport(Analysis.analyze(r, PipelineSettings.DEFAULTS, AxisRemap.IDENTITY));
        }
    }

    /**
     * The pipeline fed samples of any value (not finite, huge, out of order, repeated times, gaps): it never throws,
     * skips and counts what it cannot take, and every rep and its state stay finite.
     */
    @FuzzTest(maxDuration = "20s")
    void pipeline(FuzzedDataProvider in) {
        PelvicDropPipeline p = new PelvicDropPipeline(PipelineSettings.DEFAULTS);
        double t = 0;
        int n = 0;
        while (in.remainingBytes() > 0 && n < 50_000) {
            int kind = in.consumeInt(0, 3);
            double step = switch (kind) {
                case 0 -> 0.01;                                    // a steady 100 Hz
                case 1 -> in.consumeDouble();                      // anything, NaN and infinities too
                case 2 -> in.consumeRegularDouble(-1, 5);          // jitter, steps back, gaps
                default -> 0;                                      // the same time again
            };
            t += step;
            boolean wild = in.consumeBoolean();
            Vec3 acc = wild ? new Vec3(in.consumeDouble(), in.consumeDouble(), in.consumeDouble())
                    : new Vec3(in.consumeRegularDouble(-2, 2), in.consumeRegularDouble(-2, 2), in.consumeRegularDouble(-2, 2));
            Vec3 gyro = wild ? new Vec3(in.consumeDouble(), in.consumeDouble(), in.consumeDouble())
                    : new Vec3(in.consumeRegularDouble(-300, 300), in.consumeRegularDouble(-300, 300), in.consumeRegularDouble(-300, 300));
            int repeat = in.consumeInt(1, 200); // held readings: stillness, and reps
            for (int i = 0; i < repeat; i++) {
                p.update(new ImuSample(t, acc, gyro, null));
                if (Double.isFinite(t)) t += 0.01;
                n++;
            }
            PipelineState s = p.state();
            assertTrue(Double.isNaN(s.timeS()) || Double.isFinite(s.timeS()), "state time " + s.timeS());
            assertTrue(Double.isFinite(s.obliquityDeg()) && Double.isFinite(s.dropDeg()) && Double.isFinite(s.holdS()), s.toString());
        }
        p.finish();
        assertTrue(p.skippedSamples() >= 0);
        for (Rep r : p.reps()) checkRep(r);
    }

    private static boolean within(Vec3 v, double limit) {
        return Math.abs(v.x()) <= limit && Math.abs(v.y()) <= limit && Math.abs(v.z()) <= limit;
    }

    private static void checkReport(Report report) throws Exception {
        for (Rep r : report.reps()) checkRep(r);
        String json = ReportJson.toJson(report);
        assertEquals(report.reps().size(), ReportJson.mapper().readTree(json).path("reps").size(), "the JSON reads back");
    }

    private static void checkRep(Rep r) {
        for (double v : new double[] {r.startS(), r.bottomS(), r.endS(), r.peakDropDeg(), r.holdS(), r.lowerS(), r.raiseS(),
                r.kneeDropCm()}) {
            assertTrue(Double.isFinite(v), "a rep with a value that is not finite: " + r);
        }
        assertTrue(r.startS() <= r.bottomS() && r.bottomS() <= r.endS(), "rep times out of order: " + r);
        assertTrue(r.peakDropDeg() >= 3.0 - 1e-9 && r.peakDropDeg() <= 90, "peak " + r);
        assertTrue(r.holdS() >= 0 && r.lowerS() >= 0 && r.raiseS() >= 0, "negative durations: " + r);
    }
}
