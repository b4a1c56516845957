package org.hiphike.protocol;

/**
 * Turns device timestamps into recording time: seconds from the first sample, non-decreasing.
 * Unwraps counters that wrap (hiphike's u32 µs wraps every 71.6 min), and handles clock steps:
 * <ul>
 * <li>a protocol with an integrity check ({@code confirmJumps = false}) accepts any forward step as a
 *     real gap; a backward step is a restart: time continues from the last sample's time;</li>
 * <li>a protocol without one ({@code confirmJumps = true}) treats a backward step or a forward step
 *     longer than {@code maxStepS} as suspect: that sample is rejected, and the step is believed only
 *     when the next timestamp continues from it (then it is a real gap, or a restart when backward).
 *     A corrupted timestamp therefore costs one sample and never bends the time axis.</li>
 * </ul>
 * Rebuilt time ({@link #rebuilt}) is {@code index / rateHz}.
 */
final class DeviceClock {
    private final double secondsPerTick;
    private final double wrapS;      // modulus in seconds, or +inf when the counter does not wrap
    private final boolean confirmJumps;
    private final double maxStepS;

    private boolean started;
    private double lastDeviceS;
    private double timeS;
    private boolean hasCandidate;
    private double candidateDeviceS;
    private long jumps;

    private DeviceClock(double secondsPerTick, double wrapS, boolean confirmJumps, double maxStepS) {
        this.secondsPerTick = secondsPerTick;
        this.wrapS = wrapS;
        this.confirmJumps = confirmJumps;
        this.maxStepS = maxStepS;
    }

    /**
     * A counter of {@code bits} bits ticking every {@code secondsPerTick}, from a protocol with an integrity
     * check; 64 bits means it does not wrap (already unwrapped).
     */
    static DeviceClock wrapping(int bits, double secondsPerTick) {
        double wrap = bits >= 64 ? Double.POSITIVE_INFINITY : Math.scalb(1.0, bits) * secondsPerTick;
        return new DeviceClock(secondsPerTick, wrap, false, Double.POSITIVE_INFINITY);
    }

    /** A clock read from a protocol without integrity check; steps beyond {@code maxStepS} need confirming. */
    static DeviceClock unchecked(double secondsPerTick, double wrapS, double maxStepS) {
        return new DeviceClock(secondsPerTick, wrapS, true, maxStepS);
    }

    /** For protocols without timestamps: the clock only counts jumps (none). */
    static DeviceClock none() {
        return new DeviceClock(1, Double.POSITIVE_INFINITY, false, Double.POSITIVE_INFINITY);
    }

    static double rebuilt(long index, double rateHz) {
        return index / rateHz;
    }

    /**
     * Offers a raw timestamp; returns whether the sample is to be kept. When kept, {@link #timeS()} is its
     * recording time.
     */
    boolean accept(double rawTicks) {
        double deviceS = rawTicks * secondsPerTick;
        if (!started) {
            started = true;
            lastDeviceS = deviceS;
            timeS = 0;
            return true;
        }
        double step = step(lastDeviceS, deviceS);
        if (step >= 0 && step <= maxStepS) {
            hasCandidate = false;
            lastDeviceS = deviceS;
            timeS += step;
            return true;
        }
        if (!confirmJumps) {
            // backward: device restart or reordering; continue from the last time rather than go back
            jumps++;
            lastDeviceS = deviceS;
            return true;
        }
        if (hasCandidate) {
            double fromCandidate = step(candidateDeviceS, deviceS);
            if (fromCandidate >= 0 && fromCandidate <= maxStepS) {
                double jump = step(lastDeviceS, candidateDeviceS);
                jumps++;
                hasCandidate = false;
                if (jump > 0) timeS += jump;       // a real gap
                timeS += fromCandidate;
                lastDeviceS = deviceS;
                return true;
            }
        }
        hasCandidate = true;
        candidateDeviceS = deviceS;
        return false;
    }

    private double step(double from, double to) {
        double d = to - from;
        if (wrapS != Double.POSITIVE_INFINITY) {
            d = d % wrapS;
            if (d < 0) d += wrapS;
            if (d >= wrapS / 2) d -= wrapS;
        }
        return d;
    }

    double timeS() { return timeS; }

    long jumps() { return jumps; }

    void reset() {
        started = false;
        hasCandidate = false;
        timeS = 0;
    }
}
