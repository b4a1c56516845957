package org.hiphike.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Live time for protocols without timestamps: the rate's spacing, arrival jitter ignored, gaps kept. */
class RebuiltClockTest {
    static final double RATE_HZ = 100;

    @Test
    void jitteryBurstyArrivalsKeepTheRatesSpacing() {
        RebuiltClock c = new RebuiltClock();
        Random r = new Random(1);
        double prev = Double.NaN;
        for (int i = 0; i < 3000; i++) {
            double decoder = i / RATE_HZ;
            // delivered in bursts of 4 every 40 ms plus up to 15 ms of scheduling jitter
            double arrival = 100 + (i / 4 + 1) * 0.04 + r.nextDouble() * 0.015;
            double t = c.timeOf(decoder, arrival);
            if (i > 0) {
                double dt = t - prev;
                assertTrue(dt >= 0.0098 && dt <= 0.0102, "interval " + dt + " at " + i);
            }
            prev = t;
        }
        assertEquals(0, c.gaps());
    }

    @Test
    void anUnpluggedStretchBecomesAGapOfTheRightLength() {
        RebuiltClock c = new RebuiltClock();
        double t = 0;
        for (int i = 0; i < 500; i++) t = c.timeOf(i / RATE_HZ, 50 + i / RATE_HZ + 0.002);
        // 3 s without samples (unplugged); the decoder's count goes on from where it was
        double after = c.timeOf(500 / RATE_HZ, 50 + 500 / RATE_HZ + 3.0 + 0.002);
        assertEquals(3.0 + 0.01, after - t, 0.01);
        assertEquals(1, c.gaps());
    }

    @Test
    void aBacklogAtStartDoesNotSqueezeTime() {
        RebuiltClock c = new RebuiltClock();
        double prev = Double.NaN;
        for (int i = 0; i < 1000; i++) {
            // the first 50 samples sat in a buffer and arrive at once
            double arrival = i < 50 ? 10.0 : 10.0 + (i - 50) / RATE_HZ;
            double t = c.timeOf(i / RATE_HZ, arrival);
            if (i > 0) assertEquals(0.01, t - prev, 1e-9, "sample " + i);
            prev = t;
        }
    }

    @Test
    void aSlightlyWrongRateIsPulledTowardTheArrivalClock() {
        RebuiltClock c = new RebuiltClock();
        double t = 0;
        // configured 100 Hz, the device really sends 99 Hz: 1% slow
        for (int i = 0; i < 6000; i++) t = c.timeOf(i / RATE_HZ, 5 + i / 99.0);
        double real = 5999 / 99.0;
        assertEquals(real, t, 0.3, "drift corrected");
        assertEquals(0, c.gaps());
        RebuiltClock fast = new RebuiltClock();
        // the device really sends 101 Hz: 1% fast
        for (int i = 0; i < 6000; i++) t = fast.timeOf(i / RATE_HZ, 5 + i / 101.0);
        assertEquals(5999 / 101.0, t, 0.3, "drift corrected");
    }
}
