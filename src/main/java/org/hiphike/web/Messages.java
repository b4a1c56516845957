package org.hiphike.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.hiphike.exercise.ExerciseSet;
import org.hiphike.exercise.Rep;

/**
 * The JSON messages of {@code /ws/live} (documented in docs/dashboard.md). Every message is an
 * object with a {@code type}; times are seconds on the sensor's clock, angles in degrees.
 */
public final class Messages {
    private static final ObjectMapper COMPACT = org.hiphike.exercise.ReportJson.mapper().copy()
            .disable(SerializationFeature.INDENT_OUTPUT);

    private Messages() {}

    public static String json(Object message) {
        try {
            return COMPACT.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectMapper mapper() { return COMPACT; }

    /** The live state: what the pipeline sees now and where the session stands. */
    @JsonPropertyOrder({"time_s", "phase", "drop_deg", "obliquity_deg", "side", "hold_s", "rep_count", "set_index",
            "set_rep_count", "source", "after_set"})
    public record LiveState(
            @JsonProperty("time_s") double timeS,
            String phase,
            @JsonProperty("drop_deg") double dropDeg,
            @JsonProperty("obliquity_deg") double obliquityDeg,
            String side,
            @JsonProperty("hold_s") double holdS,
            @JsonProperty("rep_count") int repCount,
            @JsonProperty("set_index") int setIndex,
            @JsonProperty("set_rep_count") int setRepCount,
            SourceInfo source,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("after_set") AfterSet afterSet) {}

    /**
     * What follows the set that ended last, until the next set starts: the rest (on the sensor's clock) and
     * the next set and side, or that the prescription's sets are all done.
     *
     * @param set          the set that ended (numbered over the session)
     * @param side         its side
     * @param reps         its reps
     * @param setsDone     sets done that count towards the prescription
     * @param setsPlanned  sets of the prescription ({@link Prescription#totalSets()})
     * @param extra        the set was beyond the prescription (its side's sets were already done)
     * @param allSetsDone  the prescription's sets are all done (no rest, no next set)
     * @param restS        the rest, seconds; null when all sets are done or the source ended
     * @param restUntilS   when the rest is over (the set's last rep's end plus the rest); null without a rest
     * @param nextSet      the next set's number, null when all sets are done
     * @param nextSide     the next set's side, null when the prescription does not say
     * @param switchSides  the next set is on the other side
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"set", "side", "reps", "sets_done", "sets_planned", "extra", "all_sets_done", "rest_s", "rest_until_s",
            "next_set", "next_side", "switch_sides"})
    public record AfterSet(
            int set,
            String side,
            int reps,
            @JsonProperty("sets_done") int setsDone,
            @JsonProperty("sets_planned") int setsPlanned,
            boolean extra,
            @JsonProperty("all_sets_done") boolean allSetsDone,
            @JsonProperty("rest_s") Double restS,
            @JsonProperty("rest_until_s") Double restUntilS,
            @JsonProperty("next_set") Integer nextSet,
            @JsonProperty("next_side") String nextSide,
            @JsonProperty("switch_sides") boolean switchSides) {}

    /** The current source: what it is and its status. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"kind", "id", "description", "state", "detail", "battery_percent", "speed", "paused"})
    public record SourceInfo(
            String kind,
            String id,
            String description,
            String state,
            String detail,
            @JsonProperty("battery_percent") Integer batteryPercent,
            String speed,
            Boolean paused) {}

    /** Sent once on connect: everything needed to draw the page. */
    @JsonPropertyOrder({"type", "state", "prescription", "reps", "sets", "trace"})
    public record Hello(String type, LiveState state, Prescription prescription, List<Rep> reps, List<ExerciseSet> sets,
                        Trace trace) {
        public Hello(LiveState state, Prescription prescription, List<Rep> reps, List<ExerciseSet> sets, Trace trace) {
            this("hello", state, prescription, reps, sets, trace);
        }
    }

    /** Recent drop angles: {@code t[i]} seconds, {@code drop_deg[i]} degrees. */
    public record Trace(double[] t, @JsonProperty("drop_deg") double[] dropDeg) {}

    /** A batch of samples' drop angles and the state after the last of them. */
    @JsonPropertyOrder({"type", "t", "drop_deg", "state"})
    public record Samples(String type, double[] t, @JsonProperty("drop_deg") double[] dropDeg, LiveState state) {
        public Samples(double[] t, double[] dropDeg, LiveState state) { this("samples", t, dropDeg, state); }
    }

    /** A rep was counted. */
    @JsonPropertyOrder({"type", "rep", "set_rep_count"})
    public record RepCounted(String type, Rep rep, @JsonProperty("set_rep_count") int setRepCount) {
        public RepCounted(Rep rep, int setRepCount) { this("rep", rep, setRepCount); }
    }

    @JsonPropertyOrder({"type", "set", "side"})
    public record SetStarted(String type, int set, String side) {
        public SetStarted(int set, String side) { this("set_started", set, side); }
    }

    /**
     * A set ended ("target_reached", "pause", "side_changed", "new_set", "source_ended"), with its summary and
     * what follows it ({@code after}).
     */
    @JsonPropertyOrder({"type", "set", "reason", "mean_peak_drop_deg", "mean_hold_s", "fault_counts", "after"})
    public record SetEnded(String type, ExerciseSet set, String reason,
                           @JsonProperty("mean_peak_drop_deg") double meanPeakDropDeg,
                           @JsonProperty("mean_hold_s") double meanHoldS,
                           @JsonProperty("fault_counts") Map<String, Integer> faultCounts,
                           AfterSet after) {
        public SetEnded(ExerciseSet set, String reason, double meanPeakDropDeg, double meanHoldS, Map<String, Integer> faultCounts,
                        AfterSet after) {
            this("set_ended", set, reason, meanPeakDropDeg, meanHoldS, faultCounts, after);
        }
    }

    /** The source's status changed (connected, lost, silent, ended, battery). */
    @JsonPropertyOrder({"type", "source"})
    public record SourceChanged(String type, SourceInfo source) {
        public SourceChanged(SourceInfo source) { this("source", source); }
    }

    /**
     * A spoken cue: {@code key} is one of hold, up, slower, knee, hold_longer, deeper, rep, level, set_done (the end
     * of a set, with the rest, a side switch or all sets done), rest_over, ended (the source ended or was stopped).
     */
    @JsonPropertyOrder({"type", "key", "text", "time_s"})
    public record Cue(String type, String key, String text, @JsonProperty("time_s") double timeS) {
        public Cue(String key, String text, double timeS) { this("cue", key, text, timeS); }
    }

    /** Pipeline events: the level posture was taken, or motion that is not the exercise began. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "time_s", "reason"})
    public record PipelineEvent(String type, @JsonProperty("time_s") double timeS, String reason) {}

    /** The session was reset (new source, or stop): clear the page and wait for a hello. */
    public record Reset(String type) {
        public Reset() { this("reset"); }
    }

    /** The prescription changed. */
    public record PrescriptionChanged(String type, Prescription prescription) {
        public PrescriptionChanged(Prescription prescription) { this("prescription", prescription); }
    }

    /** How saving the session goes (see {@link LiveSession#saving}); {@code id} -1 when none is saved. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"id", "status", "failure"})
    public record Saving(long id, String status, String failure) {}

    /**
     * A session was saved to the store: {@code recording} when it starts (its samples go to disk as they
     * come), {@code complete} when its source ended or was stopped or replaced. {@code failure} says why
     * saving stopped early (a full disk), else absent.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "id", "status", "failure"})
    public record SessionSaved(String type, long id, String status, String failure) {
        public SessionSaved(long id, String status, String failure) { this("session", id, status, failure); }
    }
}
