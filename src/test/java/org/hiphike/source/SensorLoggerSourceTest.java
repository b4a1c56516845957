package org.hiphike.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.hiphike.core.ImuSample;
import org.junit.jupiter.api.Test;

/** Sensor Logger's batches reordered, paired and counted, without threads or sockets. */
class SensorLoggerSourceTest {
    static final long T0 = 1_764_547_200_000_000_000L;
    static final long STEP_NS = 10_000_000L;

    /** Batch {@code id} of 10 samples at 100 Hz: iOS-style accelerometer + gravity, the gyroscope 3 ms later. */
    static SensorLoggerSource.Batch ios(long id) {
        List<SensorLoggerSource.Reading> r = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long t = T0 + (id * 10 + i) * STEP_NS;
            r.add(new SensorLoggerSource.Reading("accelerometer", t, 0, -0.1, 0));
            r.add(new SensorLoggerSource.Reading("gravity", t, 0, -9.80665, 0));
            r.add(new SensorLoggerSource.Reading("gyroscope", t + 3_000_000L, Math.toRadians(id * 10 + i), 0, 0));
        }
        return new SensorLoggerSource.Batch(id, "s", "d", r);
    }

    @Test
    void outOfOrderBatchesComeOutInOrderAtTheAccelerationsTimesAndTheTailAtTheFlush() {
        SensorLoggerSource.Merger m = new SensorLoggerSource.Merger(SensorLoggerSource.Frame.AUTO, PhoneSource.Mount.SCREEN_OUT);
        List<ImuSample> out = new ArrayList<>();
        for (long id : new long[] {0, 2, 1, 3, 5, 4}) out.addAll(m.offer(ios(id), 0));
        out.addAll(m.flush());
        assertEquals(60, out.size());
        for (int i = 0; i < out.size(); i++) {
            assertEquals(i * 0.01, out.get(i).timeS(), 1e-9);
            // The rate at the accelerometer's time: 3 ms before the gyroscope's reading of the same index.
            if (i > 0) assertEquals(i - 0.3, out.get(i).gyroDps().x(), 1e-6, "sample " + i);
            assertEquals(1.0 + 0.1 / 9.80665, out.get(i).accG().y(), 1e-9, "iOS's sign turned: +1 g up");
        }
        assertEquals(SensorLoggerSource.Frame.IOS, m.frame());
        assertEquals(0, m.lostMessages);
        assertEquals(0, m.gaps);
        assertEquals(0.0, out.get(0).gyroDps().x(), 1e-9, "the first rate is held for the first sample");
    }

    @Test
    void aMissingBatchIsWaitedForWithinTheWindowThenCountedLost() {
        SensorLoggerSource.Merger m = new SensorLoggerSource.Merger(SensorLoggerSource.Frame.AUTO, PhoneSource.Mount.SCREEN_OUT);
        List<ImuSample> out = new ArrayList<>(m.offer(ios(0), 0));
        int afterFirst = out.size();
        // Batch 1 is missing: batches 2.. wait while they are within the reorder window (0.1 s each, 3 s).
        for (long id = 2; id <= 30; id++) out.addAll(m.offer(ios(id), 0));
        assertEquals(afterFirst, out.size(), "held for the missing batch");
        assertEquals(0, m.lostMessages);
        out.addAll(m.offer(ios(32), 0)); // 3.1 s past what went out: batch 1 is given up
        assertEquals(1, m.lostMessages);
        assertEquals(1, m.gaps, "its hole is a gap");
        assertEquals(afterFirst + 29 * 10, out.size(), "batches 2 to 30 went out");
        // Batch 31 is missing too, for longer than the wall-clock wait.
        assertEquals(List.of(), m.tick(1_000_000_000L));
        out.addAll(m.tick(2_100_000_000L));
        assertEquals(2, m.lostMessages);
        // The first one comes at last: too late, counted.
        m.offer(ios(1), 3_000_000_000L);
        assertEquals(30, m.lateReadings);
        for (int i = 1; i < out.size(); i++) assertEquals(true, out.get(i).timeS() > out.get(i - 1).timeS(), "in order");
    }
}
