package org.hiphike.bench;

import java.util.Arrays;

/**
 * Percentiles and elapsed times for the speed benchmarks ({@code bench pipeline}, {@code analyze},
 * {@code live}, {@code dashboard}), so that they all mean the same thing by a median or a p99.
 *
 * <p>Percentile definition, nearest rank without interpolation: the q-quantile of n sorted values is the
 * value at 0-based index ⌊q·n⌋, at most n−1. That is the smallest value with more than q·n of the values at
 * or below it, always one of the measured values. The median is the middle value of an odd count and the
 * upper of the two middle values of an even count; q = 1 is the largest value. The textbook nearest rank
 * (index ⌈q·n⌉−1) differs from it only when q·n is a whole number, by one place.
 */
public final class Stats {
    private Stats() {}

    /**
     * The figures of a set of measurements, in their unit; all NaN when there are none.
     *
     * @param count  how many measurements
     * @param min    the smallest
     * @param median {@link #percentile percentile} 0.5
     * @param p99    percentile 0.99
     * @param max    the largest
     */
    public record Summary(int count, double min, double median, double p99, double max) {
        /** The figures of {@code values} (in any order; not changed). */
        public static Summary of(double[] values) {
            double[] s = sorted(values);
            if (s.length == 0) return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            return new Summary(s.length, s[0], percentile(s, 0.5), percentile(s, 0.99), s[s.length - 1]);
        }
    }

    /** A sorted copy. */
    public static double[] sorted(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s;
    }

    /**
     * The q-quantile of {@code sorted} (ascending) by the definition above; NaN when it is empty.
     *
     * @param q from 0 to 1 (0.99 for p99)
     */
    public static double percentile(double[] sorted, double q) {
        if (!(q >= 0 && q <= 1)) throw new IllegalArgumentException("q must be from 0 to 1, got " + q);
        if (sorted.length == 0) return Double.NaN;
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))];
    }

    /** {@link #percentile percentile} 0.5 of {@code sorted}. */
    public static double median(double[] sorted) { return percentile(sorted, 0.5); }

    /** Milliseconds from {@code startNanos} (a {@link System#nanoTime()}) to now. */
    public static double millisSince(long startNanos) { return (System.nanoTime() - startNanos) / 1e6; }
}
