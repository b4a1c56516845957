package org.hiphike.exercise;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes and reads report JSON. Numbers are written with at most 4 decimals so that the
 * JSON is stable and readable; the full precision stays inside the program.
 */
public final class ReportJson {
    /** Built on first use only: a plain {@code analyze --json} never pays for it. */
    private static final class Holder {
        static final ObjectMapper MAPPER = createMapper();
    }

    private ReportJson() {}

    /** The shared mapper: report records, 4-decimal doubles, pretty printing. */
    public static ObjectMapper mapper() { return Holder.MAPPER; }

    /**
     * The report JSON, written directly (a report is printed by every {@code analyze --json}, and
     * building Jackson's serializers in a fresh process costs more than analysing an hour of data).
     * Field order and number format are those of {@link #mapper()}.
     */
    public static String toJson(Report r) {
        StringBuilder sb = new StringBuilder(512 + 400 * r.reps().size());
        sb.append("{\n");
        field(sb, 1, "format").append(str(r.format())).append(",\n");
        field(sb, 1, "version").append(r.version()).append(",\n");
        Report.RecordingInfo in = r.recording();
        field(sb, 1, "recording").append("{\n");
        field(sb, 2, "source").append(str(in.source())).append(",\n");
        field(sb, 2, "duration_s").append(num(in.durationS())).append(",\n");
        field(sb, 2, "samples").append(in.samples()).append(",\n");
        field(sb, 2, "rate_hz").append(num(in.rateHz())).append(",\n");
        field(sb, 2, "dropped_samples").append(in.droppedSamples());
        if (in.timeSource() != null) field(sb.append(",\n"), 2, "time_source").append(str(in.timeSource()));
        if (in.timeRepairs() != null) field(sb.append(",\n"), 2, "time_repairs").append(in.timeRepairs());
        if (in.clockRestarts() != null) field(sb.append(",\n"), 2, "clock_restarts").append(in.clockRestarts());
        sb.append("\n  },\n");
        Thresholds t = r.thresholds();
        field(sb, 1, "thresholds").append("{\n");
        field(sb, 2, "level_deg").append(num(t.levelDeg())).append(",\n");
        field(sb, 2, "min_peak_deg").append(num(t.minPeakDeg())).append(",\n");
        field(sb, 2, "hold_band_deg").append(num(t.holdBandDeg())).append(",\n");
        field(sb, 2, "knee_drop_cm").append(num(t.kneeDropCm())).append(",\n");
        field(sb, 2, "short_hold_s").append(num(t.shortHoldS())).append(",\n");
        field(sb, 2, "too_fast_lower_s").append(num(t.tooFastLowerS()));
        if (t.targetDepthDeg() != null) field(sb.append(",\n"), 2, "target_depth_deg").append(num(t.targetDepthDeg()));
        sb.append("\n  },\n");
        Report.Summary su = r.summary();
        field(sb, 1, "summary").append("{\n");
        field(sb, 2, "rep_count").append(su.repCount()).append(",\n");
        field(sb, 2, "set_count").append(su.setCount()).append(",\n");
        field(sb, 2, "mean_peak_drop_deg").append(num(su.meanPeakDropDeg())).append(",\n");
        field(sb, 2, "mean_hold_s").append(num(su.meanHoldS())).append(",\n");
        field(sb, 2, "fault_counts").append("{");
        int k = 0;
        for (var e : su.faultCounts().entrySet()) {
            sb.append(k++ == 0 ? "\n" : ",\n");
            field(sb, 3, e.getKey()).append(e.getValue());
        }
        sb.append("\n    }\n  },\n");
        field(sb, 1, "sets").append("[");
        k = 0;
        for (ExerciseSet set : r.sets()) {
            sb.append(k++ == 0 ? " " : ", ");
            sb.append("{\"index\": ").append(set.index()).append(", \"side\": ").append(str(set.side().jsonName()))
                    .append(", \"start_s\": ").append(num(set.startS())).append(", \"end_s\": ").append(num(set.endS()))
                    .append(", \"rep_count\": ").append(set.repCount()).append("}");
        }
        sb.append(r.sets().isEmpty() ? "],\n" : " ],\n");
        field(sb, 1, "reps").append("[");
        k = 0;
        for (Rep rep : r.reps()) {
            sb.append(k++ == 0 ? "\n" : ",\n");
            sb.append("    {\"index\": ").append(rep.index()).append(", \"set\": ").append(rep.set())
                    .append(", \"side\": ").append(str(rep.side().jsonName()))
                    .append(", \"start_s\": ").append(num(rep.startS())).append(", \"bottom_s\": ").append(num(rep.bottomS()))
                    .append(", \"end_s\": ").append(num(rep.endS()))
                    .append(", \"peak_drop_deg\": ").append(num(rep.peakDropDeg())).append(", \"hold_s\": ").append(num(rep.holdS()))
                    .append(", \"lower_s\": ").append(num(rep.lowerS())).append(", \"raise_s\": ").append(num(rep.raiseS()))
                    .append(", \"knee_drop_cm\": ").append(num(rep.kneeDropCm())).append(", \"faults\": [");
            for (int f = 0; f < rep.faults().size(); f++) sb.append(f == 0 ? "" : ", ").append(str(rep.faults().get(f).jsonName()));
            sb.append("]}");
        }
        sb.append(r.reps().isEmpty() ? "]\n}" : "\n  ]\n}");
        return sb.toString();
    }

    private static StringBuilder field(StringBuilder sb, int depth, String name) {
        for (int i = 0; i < depth; i++) sb.append("  ");
        return sb.append('"').append(name).append("\": ");
    }

    /** A number as the mapper writes it: at most 4 decimals, at least one; null when not finite. */
    static String num(double v) {
        if (!Double.isFinite(v)) return "null";
        long scaled = Math.round(Math.abs(v) * 10_000);
        StringBuilder sb = new StringBuilder(16);
        if (v < 0 && scaled != 0) sb.append('-');
        sb.append(scaled / 10_000).append('.');
        String frac = Long.toString(10_000 + scaled % 10_000).substring(1); // four digits
        int end = 4;
        while (end > 1 && frac.charAt(end - 1) == '0') end--;
        return sb.append(frac, 0, end).toString();
    }

    static String str(String v) {
        if (v == null) return "null";
        StringBuilder sb = new StringBuilder(v.length() + 2).append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    public static String toJson(Object value) {
        if (value instanceof Report r) return toJson(r);
        try {
            return Holder.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Report parse(String json) {
        try {
            return Holder.MAPPER.readValue(json, Report.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectMapper createMapper() {
        SimpleModule module = new SimpleModule("hiphike-numbers");
        module.addSerializer(Double.class, new RoundedDouble());
        module.addSerializer(double.class, new RoundedDouble());
        return JsonMapper.builder()
                .addModule(module)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build();
    }

    private static final class RoundedDouble extends StdSerializer<Double> {
        RoundedDouble() { super(Double.class); }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value == null || !Double.isFinite(value)) {
                gen.writeNull();
                return;
            }
            gen.writeNumber(num(value));
        }
    }
}
