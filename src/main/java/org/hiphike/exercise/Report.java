package org.hiphike.exercise;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report JSON v1 of spec section 5. Field names and meanings are a contract. */
@JsonPropertyOrder({"format", "version", "recording", "thresholds", "summary", "sets", "reps"})
public record Report(
        String format,
        int version,
        RecordingInfo recording,
        Thresholds thresholds,
        Summary summary,
        List<ExerciseSet> sets,
        List<Rep> reps) {

    public static final String FORMAT = "hiphike-report";
    public static final int VERSION = 1;

    /**
     * What was analysed. {@code timeSource} says where sample times came from
     * ("device" clock, or "rebuilt" from the nominal rate when a protocol carries no time);
     * {@code timeRepairs}, when present, how many samples stepped back in time a little and were
     * given the previous sample's time; {@code clockRestarts}, when present, how many times the sensor's clock
     * restarted and the stretch after it was placed a second after the one before ({@code analyze --join-restarts}).
     */
    @JsonPropertyOrder({"source", "duration_s", "samples", "rate_hz", "dropped_samples", "time_source", "time_repairs",
            "clock_restarts"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RecordingInfo(
            String source,
            @JsonProperty("duration_s") double durationS,
            int samples,
            @JsonProperty("rate_hz") double rateHz,
            @JsonProperty("dropped_samples") int droppedSamples,
            @JsonProperty("time_source") String timeSource,
            @JsonProperty("time_repairs") Integer timeRepairs,
            @JsonProperty("clock_restarts") Integer clockRestarts) {

        /** What was analysed, its clock never restarted. */
        public RecordingInfo(String source, double durationS, int samples, double rateHz, int droppedSamples, String timeSource,
                Integer timeRepairs) {
            this(source, durationS, samples, rateHz, droppedSamples, timeSource, timeRepairs, null);
        }

        /** What was analysed, with no timestamps repaired (the field is then left out of the JSON). */
        public RecordingInfo(String source, double durationS, int samples, double rateHz, int droppedSamples, String timeSource) {
            this(source, durationS, samples, rateHz, droppedSamples, timeSource, null, null);
        }
    }

    @JsonPropertyOrder({"rep_count", "set_count", "mean_peak_drop_deg", "mean_hold_s", "fault_counts"})
    public record Summary(
            @JsonProperty("rep_count") int repCount,
            @JsonProperty("set_count") int setCount,
            @JsonProperty("mean_peak_drop_deg") double meanPeakDropDeg,
            @JsonProperty("mean_hold_s") double meanHoldS,
            @JsonProperty("fault_counts") Map<String, Integer> faultCounts) {
    }

    /** A report over reps that are already numbered (see {@link SetGrouping#renumber}). */
    public static Report of(RecordingInfo recording, Thresholds thresholds, List<Rep> numberedReps) {
        List<ExerciseSet> sets = SetGrouping.setsOf(numberedReps);
        Map<String, Integer> faultCounts = new LinkedHashMap<>();
        for (Fault f : Fault.values()) faultCounts.put(f.jsonName(), 0);
        double peakSum = 0, holdSum = 0;
        for (Rep r : numberedReps) {
            peakSum += r.peakDropDeg();
            holdSum += r.holdS();
            for (Fault f : r.faults()) faultCounts.merge(f.jsonName(), 1, Integer::sum);
        }
        int n = numberedReps.size();
        Summary summary = new Summary(n, sets.size(), n == 0 ? 0 : round(peakSum / n, 2),
                n == 0 ? 0 : round(holdSum / n, 2), faultCounts);
        return new Report(FORMAT, VERSION, recording, thresholds, summary, sets, List.copyOf(numberedReps));
    }

    static double round(double v, int decimals) {
        double k = Math.pow(10, decimals);
        return Math.round(v * k) / k;
    }
}
