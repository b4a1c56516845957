package org.hiphike.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FastMathTest {
    @Test
    void asinIsStrictMathsToTheLastBit() {
        SplittableRandom rng = new SplittableRandom(17);
        double[] edges = {0, -0.0, 0x1p-28, 0x1p-27, -0x1p-27, 0.4999999999999999, 0.5, -0.5, 0.75, 1, -1, 1.5, Double.NaN};
        for (double x : edges) assertEquals(Double.doubleToLongBits(StrictMath.asin(x)), Double.doubleToLongBits(FastMath.asin(x)), "x=" + x);
        for (int i = 0; i < 1_000_000; i++) {
            double x = rng.nextDouble(-1, 1) * (i % 2 == 0 ? 1 : 1e-3);
            assertEquals(Double.doubleToLongBits(StrictMath.asin(x)), Double.doubleToLongBits(FastMath.asin(x)), "x=" + x);
        }
    }
}
