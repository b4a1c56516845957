package org.hiphike.recording;

import java.util.Map;

/**
 * What a report says of a recording, without its samples (see {@link Recording} for the meaning of each).
 *
 * @param samples        how many samples it has
 * @param durationS      the last sample's time less the first's
 * @param nominalRateHz  {@link Recording#nominalRateHz()}
 * @param droppedSamples {@link Recording#droppedSamples()}
 */
public record RecordingSummary(String source, Map<String, String> metadata, int samples, double durationS,
        double nominalRateHz, int droppedSamples, int timeRepairs, int clockRestarts) {

    public RecordingSummary {
        metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }
}
