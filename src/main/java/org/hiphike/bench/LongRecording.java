package org.hiphike.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hiphike.core.ImuSample;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.CsvRecordingWriter;
import org.hiphike.recording.RecordingFormatException;
import org.hiphike.recording.RecordingSummary;
import org.hiphike.sim.Scenario;
import org.hiphike.sim.SimulatedRecording;
import org.hiphike.sim.Simulator;

/**
 * Long recordings for the memory and speed benches: the simulator's long session, and a recording of any length
 * made by repeating one end to end on a single time line (each copy starts one sample interval after the last
 * sample of the one before), written as it is read so that making one takes no memory either.
 */
public final class LongRecording {
    private LongRecording() {}

    /** A simulated long session of {@code minutes} at 100 Hz (BMI270), written to {@code out}. */
    public static void simulate(Path out, double minutes) throws IOException {
        Scenario scenario = Scenario.preset("long-session", 60,
                new Scenario.Options(null, null, "bmi270", 100.0, null, minutes));
        SimulatedRecording sim = Simulator.simulate(scenario);
        Path tmp = out.resolveSibling(out.getFileName() + ".part");
        try (CsvRecordingWriter w = new CsvRecordingWriter(Files.newBufferedWriter(tmp), sim.recording().metadata(), false)) {
            for (ImuSample s : sim.recording().samples()) w.write(s);
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * {@code source} repeated {@code copies} times into {@code out}.
     *
     * @return what {@code out} holds, as read back while it was written
     */
    public static RecordingSummary repeat(Path source, int copies, Path out) throws IOException, RecordingFormatException {
        if (copies < 1) throw new IllegalArgumentException("copies must be >= 1");
        CsvRecordingReader reader = new CsvRecordingReader();
        RecordingSummary one = reader.stream(source, s -> { });
        double step = one.durationS() + 1.0 / one.nominalRateHz();
        Map<String, String> metadata = new LinkedHashMap<>(one.metadata());
        metadata.put("note", "the recording " + source.getFileName() + " repeated " + copies + " times end to end");
        Path tmp = out.resolveSibling(out.getFileName() + ".part");
        try (Writer file = Files.newBufferedWriter(tmp); CsvRecordingWriter w = new CsvRecordingWriter(file, metadata, false)) {
            for (int k = 0; k < copies; k++) {
                double offset = k * step;
                reader.stream(source, s -> {
                    try {
                        w.write(new ImuSample(s.timeS() + offset, s.accG(), s.gyroDps(), null));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
        return reader.stream(out, s -> { });
    }
}
