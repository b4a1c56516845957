package org.hiphike.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportJsonTest {
    static Report sample() {
        Rep a = new Rep(1, 1, Side.LEFT, 3.69, 5.6, 8.91, 10.21234567, 2.31, 1.2, 1.05, 0.3, List.of());
        Rep b = new Rep(2, 1, Side.LEFT, 10.0, 11.5, 13.0, 7.0, 0.5, 0.4, 1.0, 3.25, List.of(Fault.KNEE_BEND, Fault.SHORT_HOLD, Fault.TOO_FAST));
        return Report.of(new Report.RecordingInfo("samples/\"odd\"\\name.csv", 151.2, 15109, 100.0, 12, "device"),
                Thresholds.DEFAULTS, List.of(a, b));
    }

    @Test
    void directWriterEqualsTheMapperFieldByField() throws Exception {
        Report r = sample();
        JsonNode direct = ReportJson.mapper().readTree(ReportJson.toJson(r));
        JsonNode viaMapper = ReportJson.mapper().readTree(ReportJson.mapper().writeValueAsString(r));
        assertEquals(viaMapper, direct);
        assertEquals(10.2123, direct.at("/reps/0/peak_drop_deg").asDouble());
        assertEquals("samples/\"odd\"\\name.csv", direct.at("/recording/source").asText());
        assertEquals(List.of("format", "version", "recording", "thresholds", "summary", "sets", "reps"),
                iterator(direct.fieldNames()));
    }

    @Test
    void emptyReportIsValidJson() throws Exception {
        Report r = Report.of(new Report.RecordingInfo("x.csv", 1, 100, 100, 0, null), Thresholds.DEFAULTS, List.of());
        JsonNode direct = ReportJson.mapper().readTree(ReportJson.toJson(r));
        assertEquals(0, direct.at("/summary/rep_count").asInt());
        assertEquals(ReportJson.mapper().readTree(ReportJson.mapper().writeValueAsString(r)), direct);
    }

    @Test
    void tooShallowIsUnderTheTargetDepthAndNeverWithoutOne() {
        Thresholds none = Thresholds.DEFAULTS, eight = Thresholds.DEFAULTS.withTargetDepthDeg(8.0);
        assertEquals(Set.of(), none.faultsOf(3.5, 0, 2, 1), "no target depth: a shallow rep is not too shallow");
        assertEquals(Set.of(Fault.TOO_SHALLOW), eight.faultsOf(7.99, 0, 2, 1));
        assertEquals(Set.of(), eight.faultsOf(8.0, 0, 2, 1), "reaching the target is enough");
        assertEquals(Set.of(Fault.KNEE_BEND, Fault.SHORT_HOLD, Fault.TOO_FAST, Fault.TOO_SHALLOW), eight.faultsOf(5, 3, 0.5, 0.3));
        assertThrows(IllegalArgumentException.class, () -> Thresholds.DEFAULTS.withTargetDepthDeg(0.5));
        assertThrows(IllegalArgumentException.class, () -> Thresholds.DEFAULTS.withTargetDepthDeg(Double.NaN));
        assertEquals("too_shallow", Fault.TOO_SHALLOW.jsonName());
        assertEquals(Fault.TOO_SHALLOW, Fault.fromJson("too_shallow"));
    }

    @Test
    void theTargetDepthIsStatedWhenThereIsOneAndTooShallowIsAlwaysCounted() throws Exception {
        Rep shallow = new Rep(1, 1, Side.RIGHT, 1.0, 2.0, 3.5, 5.5, 1.5, 1.0, 0.5, 0.2, List.of(Fault.TOO_SHALLOW));
        Rep deep = new Rep(2, 1, Side.RIGHT, 5.0, 6.5, 8.0, 9.5, 1.5, 1.2, 0.3, 0.1, List.of());
        Report judged = Report.of(new Report.RecordingInfo("x.csv", 10, 1000, 100, 0, "device"),
                Thresholds.DEFAULTS.withTargetDepthDeg(8.0), List.of(shallow, deep));
        JsonNode direct = ReportJson.mapper().readTree(ReportJson.toJson(judged));
        assertEquals(ReportJson.mapper().readTree(ReportJson.mapper().writeValueAsString(judged)), direct);
        assertEquals(8.0, direct.at("/thresholds/target_depth_deg").asDouble());
        assertEquals(1, direct.at("/summary/fault_counts/too_shallow").asInt());
        assertEquals("too_shallow", direct.at("/reps/0/faults/0").asText());
        assertEquals(judged.thresholds(), ReportJson.parse(ReportJson.toJson(judged)).thresholds());

        JsonNode plain = ReportJson.mapper().readTree(ReportJson.toJson(sample()));
        assertTrue(plain.at("/thresholds/target_depth_deg").isMissingNode(), "no target depth, no field");
        assertFalse(ReportJson.toJson(Thresholds.DEFAULTS).contains("target_depth_deg"), "nor in the thresholds the store keeps");
        assertEquals(0, plain.at("/summary/fault_counts/too_shallow").asInt());
        assertEquals(List.of("knee_bend", "short_hold", "too_fast", "too_shallow"), iterator(plain.at("/summary/fault_counts").fieldNames()));
        // A report written before the target depth existed reads back without one.
        String old = ReportJson.toJson(sample()).replace(",\n      \"too_shallow\": 0", "");
        assertEquals(null, ReportJson.parse(old).thresholds().targetDepthDeg());
    }

    static List<String> iterator(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
