package org.hiphike.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hiphike.core.ImuSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The phone's DeviceMotionEvents as samples: axes, units, the phone's clock across reconnections, and its states. */
@Timeout(30)
class PhoneSourceTest {
    private static final double G = PhoneSource.STANDARD_GRAVITY;

    /** A row as the page sends it: ms since 1970, accelerationIncludingGravity m/s², rotationRate alpha, beta, gamma °/s. */
    private static double[] row(double epochMs, double ax, double ay, double az, double alpha, double beta, double gamma) {
        return new double[] {epochMs, ax, ay, az, alpha, beta, gamma};
    }

    @Test
    void screenOutIsTheWornFrameInGAndDegreesPerSecond() {
        // Standing still, top up: +1 g on y. Turning about the phone's x (alpha) is turning about the wearer's right.
        ImuSample s = PhoneSource.toSample(1.5, row(0, 0.98, G, -0.49, 10, -20, 30), PhoneSource.Mount.SCREEN_OUT);
        assertEquals(1.5, s.timeS());
        assertEquals(0.1, s.accG().x(), 1e-3);
        assertEquals(1.0, s.accG().y(), 1e-12);
        assertEquals(-0.05, s.accG().z(), 1e-3);
        assertEquals(10, s.gyroDps().x());
        assertEquals(-20, s.gyroDps().y());
        assertEquals(30, s.gyroDps().z());
    }

    @Test
    void screenInIsTheSamePhoneTurnedHalfRoundAboutUp() {
        ImuSample s = PhoneSource.toSample(0, row(0, 0.98, G, -0.49, 10, -20, 30), PhoneSource.Mount.SCREEN_IN);
        assertEquals(-0.1, s.accG().x(), 1e-3);
        assertEquals(1.0, s.accG().y(), 1e-12);
        assertEquals(0.05, s.accG().z(), 1e-3);
        assertEquals(-10, s.gyroDps().x());
        assertEquals(-20, s.gyroDps().y());
        assertEquals(-30, s.gyroDps().z());
    }

    @Test
    void rowsBeyondAPelvisOrNotATimeAreRefused() {
        assertNull(PhoneSource.checkRow(row(1.7e12, 0, G, 0, 0, 0, 0)));
        assertNotNull(PhoneSource.checkRow(new double[] {1, 2, 3}));
        assertNotNull(PhoneSource.checkRow(row(1.7e12, 17 * G, 0, 0, 0, 0, 0)));
        assertNotNull(PhoneSource.checkRow(row(1.7e12, 0, 0, 0, 0, 0, -5001)));
        assertNotNull(PhoneSource.checkRow(row(-1, 0, G, 0, 0, 0, 0)));
        assertNotNull(PhoneSource.checkRow(row(Double.NaN, 0, G, 0, 0, 0, 0)));
        assertNotNull(PhoneSource.checkRow(row(1.7e12, Double.POSITIVE_INFINITY, G, 0, 0, 0, 0)));
    }

    /** Collects what the source delivers. */
    static final class Got implements SampleListener {
        final List<ImuSample> samples = new CopyOnWriteArrayList<>();
        final List<SourceStatus> statuses = new CopyOnWriteArrayList<>();

        @Override
        public void sample(ImuSample sample) { samples.add(sample); }

        @Override
        public void status(SourceStatus status) { statuses.add(status); }

        void await(java.util.function.BooleanSupplier c, String what) throws InterruptedException {
            long end = System.nanoTime() + 5_000_000_000L;
            while (!c.getAsBoolean()) {
                if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what + ": " + statuses + " " + samples.size());
                Thread.sleep(10);
            }
        }
    }

    @Test
    void thePhonesClockIsKeptAcrossAReconnectionAndItsStatesAreTold() throws Exception {
        PhoneSource src = new PhoneSource();
        Got got = new Got();
        Thread t = new Thread(() -> src.run(got));
        t.start();
        try {
            got.await(() -> !got.statuses.isEmpty(), "connecting");
            assertEquals(SourceStatus.State.CONNECTING, got.statuses.get(0).state());

            double t0 = 1_764_000_000_000.0;
            long c1 = src.connect("Pixel 8", PhoneSource.Mount.SCREEN_OUT);
            assertEquals(3, src.offer(c1, new double[][] {row(t0, 0, G, 0, 0, 0, 0), row(t0 + 16.7, 0, G, 0, 0, 0, 0),
                    row(t0 + 33.3, 0, G, 0, 0, 0, 0)}));
            // One stamped before the last is dropped, not delivered.
            assertEquals(1, src.offer(c1, new double[][] {row(t0 + 20, 0, G, 0, 0, 0, 0), row(t0 + 50, 0, G, 0, 0, 0, 0)}));
            got.await(() -> got.samples.size() == 4, "4 samples");
            assertEquals(List.of(0.0, 0.0167, 0.0333, 0.05), got.samples.stream().map(s -> Math.round(s.timeS() * 1e4) / 1e4).toList());
            assertEquals(SourceStatus.State.STREAMING, got.statuses.get(1).state());
            assertEquals(1, src.droppedAndSteppedBack()[1]);

            src.disconnected(c1, "network");
            got.await(() -> got.statuses.stream().anyMatch(s -> s.state() == SourceStatus.State.LOST), "lost");
            assertTrue(got.statuses.get(got.statuses.size() - 1).detail().contains("disconnected"));

            // The page reloaded 3 s later: the gap is the phone's clock's.
            long c2 = src.connect("Pixel 8", PhoneSource.Mount.SCREEN_OUT);
            src.offer(c2, new double[][] {row(t0 + 3050, 0, G, 0, 0, 0, 0), row(t0 + 3066.7, 0, G, 0, 0, 0, 0)});
            got.await(() -> got.samples.size() == 6, "6 samples");
            assertEquals(3.05, got.samples.get(4).timeS(), 1e-9);
            assertEquals(3.0667, got.samples.get(5).timeS(), 1e-4);
            assertEquals(SourceStatus.State.STREAMING, got.statuses.get(got.statuses.size() - 1).state());

            // A reload whose clock starts before the last sample continues just after it.
            long c3 = src.connect(null, PhoneSource.Mount.SCREEN_OUT);
            assertEquals(0, src.offer(c2, new double[][] {row(t0 + 4000, 0, G, 0, 0, 0, 0)}), "a replaced connection is ignored");
            src.offer(c3, new double[][] {row(t0 + 1000, 0, G, 0, 0, 0, 0), row(t0 + 1010, 0, G, 0, 0, 0, 0)});
            got.await(() -> got.samples.size() == 8, "8 samples");
            assertEquals(3.0677, got.samples.get(6).timeS(), 1e-4);
            assertEquals(3.0777, got.samples.get(7).timeS(), 1e-4);

            // Open but sending nothing for 2 s: silent.
            got.await(() -> got.statuses.stream().anyMatch(s -> s.state() == SourceStatus.State.SILENT), "silent");
        } finally {
            src.close();
            t.join(2000);
        }
        assertEquals(SourceStatus.State.ENDED, got.statuses.get(got.statuses.size() - 1).state());
    }
}
