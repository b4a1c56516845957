package org.hiphike.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.Report;
import org.hiphike.exercise.ReportJson;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** analyze reads raw captures through the same decoders as the live path, with the same result. */
class AnalyzeCaptureTest {

    @Test
    void plainCsvLinesCaptureGivesTheRepsOfTheRecording(@TempDir Path dir) throws Exception {
        Path csv = Path.of("samples/right-set_fast-drops_short-holds_100hz.csv");
        Recording recording = new CsvRecordingReader().read(csv);
        // What a simple Arduino sketch prints: milliseconds, g, degrees per second, no header.
        StringBuilder sb = new StringBuilder();
        for (ImuSample s : recording.samples()) {
            sb.append(String.format(Locale.ROOT, "%.2f,%.6f,%.6f,%.6f,%.4f,%.4f,%.4f\r\n", s.timeS() * 1000, s.accG().x(),
                    s.accG().y(), s.accG().z(), s.gyroDps().x(), s.gyroDps().y(), s.gyroDps().z()));
        }
        Path capture = dir.resolve("sketch-output.txt");
        Files.writeString(capture, sb);

        AnalyzeCommandTest.Result fromCsv = AnalyzeCommandTest.run("analyze", "--json", csv.toString());
        AnalyzeCommandTest.Result fromCapture = AnalyzeCommandTest.run("analyze", "--json", capture.toString());
        assertEquals(0, fromCapture.code(), fromCapture.err());
        Report a = ReportJson.parse(fromCsv.out());
        Report b = ReportJson.parse(fromCapture.out());
        assertEquals(a.reps().size(), b.reps().size());
        for (int i = 0; i < a.reps().size(); i++) {
            assertEquals(a.reps().get(i).peakDropDeg(), b.reps().get(i).peakDropDeg(), 0.05, "rep " + (i + 1));
            assertEquals(a.reps().get(i).holdS(), b.reps().get(i).holdS(), 0.05, "rep " + (i + 1));
            assertEquals(a.reps().get(i).faults(), b.reps().get(i).faults(), "rep " + (i + 1));
        }
    }

    @Test
    void captureThatIsNoKnownProtocolIsExitCodeTwo(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.bin");
        byte[] bytes = new byte[4096];
        new java.util.Random(3).nextBytes(bytes);
        Files.write(junk, bytes);
        AnalyzeCommandTest.Result r = AnalyzeCommandTest.run("analyze", junk.toString());
        assertEquals(2, r.code());
        assertEquals("", r.out());
        System.out.println("message for random bytes: " + r.err().strip());
    }
}
