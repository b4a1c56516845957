package org.hiphike.sim;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hiphike.exercise.ExerciseSet;
import org.hiphike.exercise.Fault;
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
 * @param events    what the simulated wearer did when (empty when the truth does not say)
 * @param faultsTooCloseToCall per truth rep (same order as {@code reps}), the faults whose true value lies
 *                  within the simulator's margin of a threshold: scored neither as found nor as missed.
 *                  Read from each rep's {@code faults_too_close_to_call}; hiphike's own simulator draws
 *                  reps with a margin and leaves them empty.
 */
@JsonPropertyOrder({"format", "version", "simulator", "thresholds", "sets", "reps", "events"})
public record Truth(
        String format,
        int version,
        Map<String, Object> simulator,
        Thresholds thresholds,
        List<ExerciseSet> sets,
        List<Rep> reps,
        List<MotionEvent> events,
        @JsonIgnore List<Set<Fault>> faultsTooCloseToCall) {

    public static final String FORMAT = "hiphike-truth";
    public static final int VERSION = 1;

    public Truth {
        simulator = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(simulator));
        sets = List.copyOf(sets);
        reps = List.copyOf(reps);
        events = List.copyOf(events);
        faultsTooCloseToCall = faultsTooCloseToCall == null || faultsTooCloseToCall.isEmpty()
                ? java.util.Collections.nCopies(reps.size(), Set.of()) : List.copyOf(faultsTooCloseToCall);
        if (faultsTooCloseToCall.size() != reps.size()) {
            throw new IllegalArgumentException("faultsTooCloseToCall needs one entry per rep");
        }
    }

    /** A truth with no fault too close to call (hiphike's own simulator). */
    public Truth(String format, int version, Map<String, Object> simulator, Thresholds thresholds, List<ExerciseSet> sets,
            List<Rep> reps, List<MotionEvent> events) {
        this(format, version, simulator, thresholds, sets, reps, events, null);
    }

    /** The truth file beside a recording: {@code NAME.csv} → {@code NAME.truth.json}. */
    public static Path besideRecording(Path csv) {
        String name = csv.getFileName().toString();
        String stem = name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        return csv.resolveSibling(stem + ".truth.json");
    }

    /**
     * Reads a truth file: hiphike's own (with {@code simulator}) or one from another simulator (with a
     * {@code source} description instead, no events, and {@code faults_too_close_to_call} per rep).
     */
    public static Truth read(Path path) throws IOException {
        ObjectMapper mapper = ReportJson.mapper();
        JsonNode root = mapper.readTree(Files.readString(path));
        if (!(root instanceof ObjectNode object) || !FORMAT.equals(root.path("format").asText())) {
            throw new IOException(path + ": not a truth file (format " + root.path("format").asText("none") + ")");
        }
        List<Set<Fault>> tooClose = new ArrayList<>();
        for (JsonNode rep : root.path("reps")) {
            Set<Fault> faults = EnumSet.noneOf(Fault.class);
            for (JsonNode f : rep.path("faults_too_close_to_call")) faults.add(Fault.fromJson(f.asText()));
            tooClose.add(faults);
            if (rep instanceof ObjectNode r) r.remove("faults_too_close_to_call");
        }
        if (!object.has("simulator")) object.set("simulator", object.has("source") ? object.get("source") : mapper.createObjectNode());
        object.remove("source");
        if (!object.has("events")) object.set("events", mapper.createArrayNode());
        Truth truth = mapper.treeToValue(object, Truth.class);
        return new Truth(truth.format(), truth.version(), truth.simulator(), truth.thresholds(), truth.sets(), truth.reps(),
                truth.events(), tooClose);
    }

    public void write(Path path) throws IOException {
        Files.writeString(path, ReportJson.mapper().writeValueAsString(this) + "\n");
    }
}
