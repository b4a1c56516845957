package org.hiphike.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The benchmarks' percentile definition: nearest rank, index ⌊q·n⌋ of the sorted values, no interpolation. */
class StatsTest {
    /** 1, 2, ..., n. */
    static double[] oneTo(int n) { return IntStream.rangeClosed(1, n).asDoubleStream().toArray(); }

    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        assertEquals(3, Stats.median(new double[] {1, 2, 3, 4, 5}));
        assertEquals(7, Stats.median(new double[] {7}));
    }

    @Test
    void medianOfAnEvenCountIsTheUpperOfTheTwoMiddleValuesNotTheirMean() {
        assertEquals(3, Stats.median(new double[] {1, 2, 3, 4}));
        assertEquals(20, Stats.median(new double[] {10, 20}));
        // 10 rounds (bench pipeline's default): the 6th value
        assertEquals(6, Stats.median(oneTo(10)));
    }

    @Test
    void percentileIsTheValueAtIndexFloorOfQTimesN() {
        double[] v = oneTo(100);
        assertEquals(51, Stats.percentile(v, 0.50));
        assertEquals(96, Stats.percentile(v, 0.95));
        assertEquals(100, Stats.percentile(v, 0.99));
        assertEquals(1, Stats.percentile(v, 0));
        assertEquals(100, Stats.percentile(v, 1));
        double[] w = oneTo(2000); // bench live and bench dashboard latency: 2000 measured samples
        assertEquals(1001, Stats.percentile(w, 0.50));
        assertEquals(1981, Stats.percentile(w, 0.99));
        double[] x = oneTo(150); // q·n not whole: the same as the textbook nearest rank ⌈q·n⌉
        assertEquals(149, Stats.percentile(x, 0.99));
        assertEquals(143, Stats.percentile(x, 0.95));
    }

    @Test
    void aPercentileIsAlwaysOneOfTheValuesNeverInterpolated() {
        double[] v = {0.5, 10, 100, 1000};
        for (double q = 0; q <= 1; q += 0.01) {
            double p = Stats.percentile(v, q);
            assertTrue(p == 0.5 || p == 10 || p == 100 || p == 1000, q + " -> " + p);
        }
        assertEquals(100, Stats.percentile(v, 0.5));
        assertEquals(1000, Stats.percentile(v, 0.99));
    }

    @Test
    void theSmallestValueWithMoreThanQTimesNAtOrBelowIt() {
        double[] v = oneTo(37);
        for (int k = 0; k <= 100; k++) {
            double q = k / 100.0;
            double p = Stats.percentile(v, q);
            long atOrBelow = IntStream.rangeClosed(1, 37).filter(x -> x <= p).count();
            assertTrue(atOrBelow > q * 37 || p == 37, "q " + q + ": " + p);
            assertTrue(atOrBelow - 1 <= q * 37, "q " + q + ": a smaller value would do: " + p);
        }
    }

    @Test
    void summaryOfUnsortedValuesLeavesThemAlone() {
        double[] v = {5, 1, 4, 2, 3};
        Stats.Summary s = Stats.Summary.of(v);
        assertEquals(new Stats.Summary(5, 1, 3, 5, 5), s);
        assertArrayEquals(new double[] {5, 1, 4, 2, 3}, v);
    }

    @Test
    void emptyGivesNaNAndABadQIsRefused() {
        Stats.Summary s = Stats.Summary.of(new double[0]);
        assertEquals(0, s.count());
        assertTrue(Double.isNaN(s.min()) && Double.isNaN(s.median()) && Double.isNaN(s.p99()) && Double.isNaN(s.max()));
        assertTrue(Double.isNaN(Stats.percentile(new double[0], 0.5)));
        assertThrows(IllegalArgumentException.class, () -> Stats.percentile(oneTo(3), 1.5));
        assertThrows(IllegalArgumentException.class, () -> Stats.percentile(oneTo(3), -0.1));
        assertThrows(IllegalArgumentException.class, () -> Stats.percentile(oneTo(3), Double.NaN));
    }

    @Test
    void millisSinceCountsFromTheStart() {
        long t0 = System.nanoTime();
        double ms = Stats.millisSince(t0);
        assertTrue(ms >= 0, "elapsed " + ms);
        assertTrue(Stats.millisSince(t0 - 2_000_000_000L) >= 2000);
    }
}
