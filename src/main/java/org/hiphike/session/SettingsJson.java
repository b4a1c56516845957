package org.hiphike.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import org.hiphike.exercise.PipelineSettings;

/**
 * The pipeline's settings a session was measured with, as the JSON of its row ({@code settings_json}). Numbers are
 * written in full (a setting read back must measure the same). A setting missing from a stored row (saved by an
 * older hiphike, before that setting existed) takes its default; one this version does not know is left out.
 */
final class SettingsJson {
    /** Built on first use: opening the store without measuring anything again never pays for it. */
    private static final class Holder {
        static final ObjectMapper MAPPER = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    private SettingsJson() {}

    static String toJson(PipelineSettings settings) {
        try {
            return Holder.MAPPER.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the pipeline's settings cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The settings of {@code json}, each one missing taken from the defaults.
     *
     * @throws JsonProcessingException when it is not JSON, or a value is not what its setting takes
     * @throws IllegalArgumentException when a value is out of its setting's range
     */
    static PipelineSettings parse(String json) throws JsonProcessingException {
        ObjectMapper mapper = Holder.MAPPER;
        JsonNode stored = mapper.readTree(json);
        if (!(stored instanceof ObjectNode)) throw new IllegalArgumentException("the stored settings are not a JSON object");
        ObjectNode merged = mapper.valueToTree(PipelineSettings.DEFAULTS);
        overlay(merged, (ObjectNode) stored);
        return mapper.treeToValue(merged, PipelineSettings.class);
    }

    /** Puts the values of {@code stored} over those of {@code base} where {@code base} has that setting. */
    private static void overlay(ObjectNode base, ObjectNode stored) {
        for (Iterator<Map.Entry<String, JsonNode>> it = stored.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode mine = base.get(e.getKey());
            if (mine == null) continue;
            if (mine instanceof ObjectNode o && e.getValue() instanceof ObjectNode s) overlay(o, s);
            else base.set(e.getKey(), e.getValue());
        }
    }
}
