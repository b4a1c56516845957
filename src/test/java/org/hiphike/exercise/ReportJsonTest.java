package org.hiphike.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
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

    static List<String> iterator(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
