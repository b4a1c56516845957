package org.hiphike.session;

import java.time.LocalDate;
import java.util.Map;
import org.hiphike.exercise.Side;

/**
 * Aggregates of the reps of all sessions that started in one day or week (in the zone asked for).
 *
 * @param periodStart     first day of the bucket (a Monday for weeks)
 * @param period          day or week
 * @param sessionCount    sessions that started in the bucket
 * @param all             both sides together
 * @param bySide          each side that has reps in the bucket (absent sides have no entry)
 */
public record TrendBucket(
        LocalDate periodStart,
        TrendPeriod period,
        int sessionCount,
        SideTrend all,
        Map<Side, SideTrend> bySide) {

    public TrendBucket {
        bySide = Map.copyOf(bySide);
    }

    /**
     * Aggregates of a set of reps.
     *
     * @param repCount        reps
     * @param meanPeakDropDeg mean peak drop, degrees (0 without reps)
     * @param meanHoldS       mean hold at the bottom, seconds (0 without reps)
     * @param faultRate       share of reps with at least one fault, 0..1 (0 without reps)
     * @param faultCounts     reps with each fault, by JSON fault name (every known fault present)
     */
    public record SideTrend(
            int repCount,
            double meanPeakDropDeg,
            double meanHoldS,
            double faultRate,
            Map<String, Integer> faultCounts) {

        public SideTrend {
            faultCounts = Map.copyOf(faultCounts);
        }
    }
}
