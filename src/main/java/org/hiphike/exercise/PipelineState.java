package org.hiphike.exercise;

/**
 * A snapshot of the pipeline after the latest sample.
 *
 * @param timeS           time of the latest sample, seconds
 * @param phase           what the wearer is doing
 * @param obliquityDeg    pelvic obliquity relative to the level posture, positive when the left side is down
 * @param dropDeg         drop angle of the current excursion's side (0 when level or unknown)
 * @param side            side of the current excursion, or of the current set, or null
 * @param holdS           time in the hold band of the current drop's peak (the report's {@code hold_s} so far); 0 unless HOLD
 * @param repCount        reps counted so far
 * @param setIndex        current set (1-based), 0 before the first rep
 * @param sinceBottomS    time since the pelvis reached the bottom and stopped deepening: what a prescribed hold
 *                        is counted against; 0 unless HOLD
 */
public record PipelineState(
        double timeS,
        Phase phase,
        double obliquityDeg,
        double dropDeg,
        Side side,
        double holdS,
        int repCount,
        int setIndex,
        double sinceBottomS) {

    /** A state whose hold and time since the bottom are the same (tests, simple sources). */
    public PipelineState(double timeS, Phase phase, double obliquityDeg, double dropDeg, Side side, double holdS, int repCount,
            int setIndex) {
        this(timeS, phase, obliquityDeg, dropDeg, side, holdS, repCount, setIndex, holdS);
    }
}
