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
import java.math.BigDecimal;

/**
 * Writes and reads report JSON. Numbers are written with at most 4 decimals so that the
 * JSON is stable and readable; the full precision stays inside the program.
 */
public final class ReportJson {
    private static final ObjectMapper MAPPER = createMapper();

    private ReportJson() {}

    /** The shared mapper: report records, 4-decimal doubles, pretty printing. */
    public static ObjectMapper mapper() { return MAPPER; }

    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Report parse(String json) {
        try {
            return MAPPER.readValue(json, Report.class);
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
            BigDecimal rounded = BigDecimal.valueOf(value).setScale(4, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
            if (rounded.scale() < 1) rounded = rounded.setScale(1);
            gen.writeNumber(rounded);
        }
    }
}
