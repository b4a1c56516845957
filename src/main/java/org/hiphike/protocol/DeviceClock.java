package org.hiphike.protocol;

/**
 * Turns device timestamps into recording time: seconds from the first sample, non-decreasing.
 * <ul>
 * <li>A protocol with an integrity check ({@link #checked}) accepts any forward step as real (a gap);
 *     a backward step is a restart: time continues from the last sample's time.</li>
 * <li>A protocol without one ({@link #unchecked}) cannot trust a single timestamp. A step is normal
 *     when it is forward and at most {@value #TYPICAL_STEPS} typical steps long (or {@code maxStepS}
 *     before the typical step is known). A sample whose step is not normal is held back as a candidate:
 *     <ul>
 *     <li>when the next timestamp continues normally from the last accepted one, the candidate was
 *         damaged and is dropped;</li>
 *     <li>when the next timestamp continues normally from the one before the last accepted one, the
 *         last accepted timestamp was damaged (a small forward error that looked normal); time goes on
 *         from the one before it, never backwards;</li>
 *     <li>when the next timestamp continues normally from the candidate, the step was real: a gap
 *         (forward) or a restart (backward, time continues from the last sample's time).</li>
 *     </ul>
 *     A damaged timestamp therefore costs at most one sample and does not shift the time axis.</li>
 * </ul>
 */
final class DeviceClock {
    static final int TYPICAL_STEPS = 4;

    private final double secondsPerTick;
    private final double wrapS;      // modulus in seconds, or +inf when the counter does not wrap
    private final boolean confirmJumps;
    private final double maxStepS;

    private boolean started;
    private double lastDeviceS;
    private double timeS;
    private boolean havePrevious;
    private double previousDeviceS;
    private double previousTimeS;
    private boolean hasCandidate;
    private double candidateDeviceS;
    private double typicalStepS;     // smoothed normal step; 0 until known
    private int normalSteps;
    private long jumps;

    private DeviceClock(double secondsPerTick, double wrapS, boolean confirmJumps, double maxStepS) {
        this.secondsPerTick = secondsPerTick;
        this.wrapS = wrapS;
        this.confirmJumps = confirmJumps;
        this.maxStepS = maxStepS;
    }

    /** An already unwrapped tick counter from a protocol with an integrity check. */
    static DeviceClock checked(double secondsPerTick) {
        return new DeviceClock(secondsPerTick, Double.POSITIVE_INFINITY, false, Double.POSITIVE_INFINITY);
    }

    /**
     * A clock read from a protocol without integrity check.
     *
     * @param wrapS    the counter's modulus in seconds, or +inf when it does not wrap
     * @param maxStepS the longest step believed without confirmation before the typical step is known
     */
    static DeviceClock unchecked(double secondsPerTick, double wrapS, double maxStepS) {
        return new DeviceClock(secondsPerTick, wrapS, true, maxStepS);
    }

    /** For protocols without timestamps: the clock only counts jumps (none). */
    static DeviceClock none() {
        return checked(1);
    }

    static double rebuilt(long index, double rateHz) {
        return index / rateHz;
    }

    private double limitS() {
        return normalSteps >= 8 ? Math.min(maxStepS, TYPICAL_STEPS * typicalStepS + 1e-3) : maxStepS;
    }

    private boolean normal(double step) {
        return step >= 0 && step <= limitS();
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
        if (!confirmJumps) {
            if (step >= 0) timeS += step;
            else jumps++;                    // restart or reordering: continue from the last time
            lastDeviceS = deviceS;
            return true;
        }
        if (normal(step)) {
            learn(step);
            advance(deviceS, timeS + step);
            hasCandidate = false;
            return true;
        }
        if (step < 0 && havePrevious) {
            double fromPrevious = step(previousDeviceS, deviceS);
            if (normal(fromPrevious)) {
                // the last accepted timestamp was the damaged one
                jumps++;
                lastDeviceS = deviceS;
                timeS = Math.max(timeS, previousTimeS + fromPrevious);
                hasCandidate = false;
                return true;
            }
        }
        if (hasCandidate) {
            double fromCandidate = step(candidateDeviceS, deviceS);
            if (normal(fromCandidate)) {
                double jump = step(lastDeviceS, candidateDeviceS);
                jumps++;
                hasCandidate = false;
                havePrevious = false;
                double t = timeS + (jump > 0 ? jump : 0) + fromCandidate;
                lastDeviceS = deviceS;
                timeS = t;
                return true;
            }
        }
        hasCandidate = true;
        candidateDeviceS = deviceS;
        return false;
    }

    private void learn(double step) {
        if (normalSteps == 0) typicalStepS = step;
        else typicalStepS += (step - typicalStepS) * 0.05;
        normalSteps++;
    }

    private void advance(double deviceS, double newTimeS) {
        havePrevious = true;
        previousDeviceS = lastDeviceS;
        previousTimeS = timeS;
        lastDeviceS = deviceS;
        timeS = newTimeS;
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
}
