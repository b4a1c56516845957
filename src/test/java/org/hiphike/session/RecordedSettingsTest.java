package org.hiphike.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hiphike.core.AxisRemap;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.Rep;
import org.hiphike.exercise.Report;
import org.hiphike.recording.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session is measured again with the settings it was recorded with: a live session at {@code --hip-width-cm 30}
 * whose process is killed is recovered, and reported, with a 30 cm hip, not the default 18 cm.
 */
class RecordedSettingsTest {
    /** The wearer's hip width the session is recorded with, cm: far enough from the default 18 cm to change knee sinks. */
    private static final double HIP_WIDTH_CM = 30;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aKilledLiveSessionIsRecoveredWithItsHipWidth(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                RecordingProcess.class.getName(), dir.toString(), Fixtures.LEFT_CLEAN.toString(), "live",
                Double.toString(HIP_WIDTH_CM))
                .redirectError(ProcessBuilder.Redirect.to(dir.resolve("child-stderr.txt").toFile()))
                .start();
        long id = -1;
        boolean written = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("started ")) id = Long.parseLong(line.substring(8).trim());
                if (line.equals("written")) {
                    written = true;
                    break;
                }
            }
            child.destroyForcibly(); // SIGKILL: the session is left recording, as after a crash
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child ends when killed");
        } finally {
            child.destroyForcibly();
        }
        assertTrue(written && id > 0, "child recorded the file; stderr: " + Files.readString(dir.resolve("child-stderr.txt")));

        try (SessionStore store = SessionStore.open(dir)) {
            assertEquals(List.of(id), store.recoveredAtOpen());
        }
        // What reached the disk before the kill, measured as it was recorded and as it would be with the defaults.
        Recording source = Fixtures.read(Fixtures.LEFT_CLEAN);
        Path recordingFile;
        try (SessionStore store = SessionStore.open(dir)) {
            recordingFile = store.get(id).recordingFile();
        }
        int n = new org.hiphike.recording.CsvRecordingReader().read(recordingFile).samples().size();
        Recording saved = new Recording("x", source.metadata(), source.samples().subList(0, n));
        PipelineSettings recordedWith = PipelineSettings.DEFAULTS.withHipHalfWidthM(HIP_WIDTH_CM / 100 / 2);
        List<Double> expected = kneeDropsCm(Analysis.analyze(saved, recordedWith, AxisRemap.IDENTITY));
        List<Double> withDefaults = kneeDropsCm(Analysis.analyze(saved, PipelineSettings.DEFAULTS, AxisRemap.IDENTITY));
        assertTrue(expected.size() >= 5, "the saved part has reps (" + n + " samples): " + expected);
        assertNotEquals(withDefaults, expected, "the hip width changes the knee sinks (else this test could not fail)");

        try (SessionStore store = SessionStore.open(dir)) {
            StoredSession s = store.get(id);
            assertEquals(SessionStatus.RECOVERED, s.summary().status());
            assertEquals(HIP_WIDTH_CM / 100 / 2, s.info().pipelineSettings().hipHalfWidthM(), 1e-12, "stored with the session");
            assertEquals(recordedWith, s.info().pipelineSettings(), "every setting read back as it was");
            assertSameCm(expected, kneeDropsCm(s.report()), "recovered with the hip width it was recorded with");

            // The report's trace is drawn with the same settings: the same as the recording's own trace at 30 cm.
            ReportContext context = ReportContext.ofSession(s, ZoneOffset.UTC, true);
            AngleTrace own = AngleTrace.of(saved, recordedWith, AxisRemap.IDENTITY);
            assertEquals(own.size(), context.trace().size());
            for (int i = 0; i < own.size(); i += 97) {
                assertEquals(own.obliquityDeg(i), context.trace().obliquityDeg(i), 1e-3, "trace at " + own.timeS(i) + " s");
            }
        }
    }

    /** The stored recording keeps 5 decimals of a second and 6 of a g: the knee sinks agree to well under a millimetre. */
    private static void assertSameCm(List<Double> expected, List<Double> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": " + actual);
        for (int i = 0; i < expected.size(); i++) assertEquals(expected.get(i), actual.get(i), 0.01, what + ", rep " + (i + 1));
    }

    private static List<Double> kneeDropsCm(Report report) {
        return report.reps().stream().map(Rep::kneeDropCm).toList();
    }
}
