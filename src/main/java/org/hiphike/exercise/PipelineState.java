package org.hiphike.exercise;

/**
 * A snapshot of the pipeline after the latest sample.
 *
 * @param timeS           time of the latest sample, seconds
 * @param phase           what the wearer is doing
 * @param obliquityDeg    pelvic obliquity relative to the level posture, positive when the left side is down
 * @param dropDeg         drop angle of the current excursion's side (0 when level or unknown)
 * @param side            side of the current excursion, or of the current set, or null
 * @param holdS           time spent so far in the hold band of the current excursion
 * @param repCount        reps counted so far
 * @param setIndex        current set (1-based), 0 before the first rep
 */
public record PipelineState(
        double timeS,
        Phase phase,
        double obliquityDeg,
        double dropDeg,
        Side side,
        double holdS,
        int repCount,
        int setIndex) {
}
