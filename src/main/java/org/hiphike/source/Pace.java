package org.hiphike.source;

/**
 * Replay speed and pause, shared between the thread that delivers samples and the controls.
 * Pacing follows the samples' own timestamps: a sample at {@code timeS} is released when the wall
 * clock has advanced {@code (timeS - anchorS) / speed} seconds since the anchor. Changing the speed
 * or resuming re-anchors, so there is never a burst to catch up.
 *
 * <p>Speed 0 means as fast as possible ("max").
 */
public final class Pace {
    private double speed;
    private boolean paused;
    private boolean closed;
    private long anchorNanos;
    private double anchorS = Double.NaN;

    public Pace(double speed) { setSpeed(speed); }

    /** Parses "1", "2", "4", "0.5", "max" (also "1x"); "max" is 0. */
    public static double parseSpeed(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("max")) return 0;
        if (t.endsWith("x")) t = t.substring(0, t.length() - 1);
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("speed must be a number like 1, 2, 4 or max, got '" + text + "'");
        }
        if (!(v >= 0.1 && v <= 100)) throw new IllegalArgumentException("speed must be between 0.1 and 100, or max, got " + text);
        return v;
    }

    public synchronized double speed() { return speed; }

    public synchronized boolean paused() { return paused; }

    public synchronized void setSpeed(double newSpeed) {
        if (!(newSpeed == 0 || (newSpeed >= 0.1 && newSpeed <= 100))) throw new IllegalArgumentException("speed out of range: " + newSpeed);
        speed = newSpeed;
        anchorS = Double.NaN;
        notifyAll();
    }

    public synchronized void setPaused(boolean pause) {
        paused = pause;
        anchorS = Double.NaN;
        notifyAll();
    }

    /** Wakes any waiting thread for good. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    /**
     * Blocks until the sample at {@code timeS} is due. Returns false when closed.
     *
     * @throws InterruptedException when the delivering thread is interrupted
     */
    public synchronized boolean awaitDue(double timeS) throws InterruptedException {
        while (true) {
            if (closed) return false;
            if (paused) {
                wait();
                continue;
            }
            if (speed == 0) return true;
            long now = System.nanoTime();
            if (Double.isNaN(anchorS) || timeS < anchorS) {
                anchorS = timeS;
                anchorNanos = now;
                return true;
            }
            long dueNanos = anchorNanos + (long) ((timeS - anchorS) / speed * 1e9);
            long waitNanos = dueNanos - now;
            if (waitNanos <= 0) return true;
            // A gap in the recording longer than 2 s (the sensor clock jumping) is replayed as 2 s.
            if (waitNanos > 2_000_000_000L) {
                anchorS = timeS;
                anchorNanos = now + 2_000_000_000L;
            }
            wait(Math.max(1, waitNanos / 1_000_000), (int) (waitNanos % 1_000_000));
        }
    }
}
