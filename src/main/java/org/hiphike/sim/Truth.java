package org.hiphike.sim;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hiphike.exercise.ExerciseSet;
import org.hiphike.exercise.Rep;
import org.hiphike.exercise.ReportJson;
import org.hiphike.exercise.Thresholds;

/**
 * The truth file {@code NAME.truth.json} of a simulated recording (spec section 6): the simulator's
 * parameters and the sets and reps measured from the simulated motion with the definitions of spec
 * section 4 (same field names as the report). Times in seconds on the recording's clock.
 *
 * @param format    always {@value #FORMAT}
 * @param version   always {@value #VERSION}
 * @param simulator scenario, seed, rate, sensor model and drawn errors, mounts, person, plan
 * @param thresholds the thresholds the truth reps were measured with
 * @param sets      the truth sets
 * @param reps      the truth reps
 * @param events    what the simulated wearer did when
 */
@JsonPropertyOrder({"format", "version", "simulator", "thresholds", "sets", "reps", "events"})
public record Truth(
        String format,
        int version,
        Map<String, Object> simulator,
        Thresholds thresholds,
        List<ExerciseSet> sets,
        List<Rep> reps,
        List<MotionEvent> events) {

    public static final String FORMAT = "hiphike-truth";
    public static final int VERSION = 1;

    public Truth {
        simulator = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(simulator));
        sets = List.copyOf(sets);
        reps = List.copyOf(reps);
        events = List.copyOf(events);
    }

    /** The truth file beside a recording: {@code NAME.csv} → {@code NAME.truth.json}. */
    public static Path besideRecording(Path csv) {
        String name = csv.getFileName().toString();
        String stem = name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        return csv.resolveSibling(stem + ".truth.json");
    }

    public static Truth read(Path path) throws IOException {
        Truth truth = ReportJson.mapper().readValue(Files.readString(path), Truth.class);
        if (!FORMAT.equals(truth.format())) throw new IOException(path + ": not a truth file (format " + truth.format() + ")");
        return truth;
    }

    public void write(Path path) throws IOException {
        Files.writeString(path, ReportJson.mapper().writeValueAsString(this) + "\n");
    }
}
