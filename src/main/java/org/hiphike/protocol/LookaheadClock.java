package org.hiphike.protocol;

/**
 * Sample times for protocols whose timestamps have no integrity check (x-IMU3, CSV lines): one damaged
 * timestamp must cost at most that sample and never shift the time axis. Each sample is held until the
 * next timestamp arrives (one sample of delay), then judged by its neighbours:
 * <ul>
 * <li>a step is <em>normal</em> when it is forward and at most {@value #TYPICAL_STEPS} typical steps long
 *     ({@code maxStepS} until the typical step is known);</li>
 * <li>a held sample that continues normally from the last emitted one and is continued normally by the
 *     next one is emitted;</li>
 * <li>a held sample that the next one skips over (the next continues normally from the last emitted
 *     one, not from the held one) was damaged: dropped;</li>
 * <li>a held sample that steps abnormally from the last emitted one but is continued normally by the
 *     next one marks a real clock step: a gap (forward, kept in the time axis) or a restart (backward:
 *     time goes on from the last emitted time).</li>
 * </ul>
 * Recording time = last emitted time + device step, so a small undetected timestamp error affects one
 * sample only, by less than one sample interval.
 */
final class LookaheadClock {
    static final int TYPICAL_STEPS = 4;

    /** Receives a confirmed sample. */
    interface Emitter {
        void emit(double timeS, double[] values);
    }

    private final double secondsPerTick;
    private final double wrapS;
    private final double maxStepS;

    private boolean haveEmitted;
    private double emittedDeviceS;
    private double emittedTimeS;

    private boolean havePending;
    private double pendingDeviceS;
    private final double[] pending;

    private double typicalStepS;
    private int normalSteps;
    private long jumps;
    private long dropped;

    LookaheadClock(double secondsPerTick, double wrapS, double maxStepS, int valueCount) {
        this.secondsPerTick = secondsPerTick;
        this.wrapS = wrapS;
        this.maxStepS = maxStepS;
        this.pending = new double[valueCount];
    }

    private double limitS() {
        return normalSteps >= 8 ? Math.min(maxStepS, TYPICAL_STEPS * typicalStepS + 1e-3) : maxStepS;
    }

    private boolean normal(double step) {
        return step >= 0 && step <= limitS();
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

    /** Offers a sample with its raw timestamp; the previous one is emitted or dropped now. */
    void offer(double rawTicks, double[] values, Emitter out) {
        double deviceS = rawTicks * secondsPerTick;
        if (havePending) judge(deviceS, out);
        havePending = true;
        pendingDeviceS = deviceS;
        System.arraycopy(values, 0, pending, 0, pending.length);
    }

    private void judge(double nextDeviceS, Emitter out) {
        boolean continued = normal(step(pendingDeviceS, nextDeviceS));
        if (!haveEmitted) {
            if (continued) emit(0, out);
            else dropped++;
            return;
        }
        double fromEmitted = step(emittedDeviceS, pendingDeviceS);
        if (normal(fromEmitted)) {
            if (continued || !normal(step(emittedDeviceS, nextDeviceS))) {
                learn(fromEmitted);
                emit(emittedTimeS + fromEmitted, out);
            } else {
                dropped++;                  // the next sample skips this one: its timestamp was damaged
            }
            return;
        }
        if (continued && !normal(step(emittedDeviceS, nextDeviceS))) {
            jumps++;                        // a real step of the device clock, confirmed by the next sample
            emit(emittedTimeS + Math.max(0, fromEmitted), out);
            return;
        }
        dropped++;
    }

    private void learn(double step) {
        if (normalSteps == 0) typicalStepS = step;
        else typicalStepS += (step - typicalStepS) * 0.05;
        normalSteps++;
    }

    private void emit(double timeS, Emitter out) {
        haveEmitted = true;
        emittedDeviceS = pendingDeviceS;
        emittedTimeS = timeS;
        out.emit(timeS, pending);
    }

    /** End of stream: the held sample is emitted when it continues normally from the last emitted one. */
    void finish(Emitter out) {
        if (!havePending) return;
        havePending = false;
        if (!haveEmitted) { emit(0, out); return; }
        double fromEmitted = step(emittedDeviceS, pendingDeviceS);
        if (normal(fromEmitted)) emit(emittedTimeS + fromEmitted, out);
        else dropped++;
    }

    long jumps() { return jumps; }

    /** Samples dropped because their timestamps did not fit. */
    long dropped() { return dropped; }
}
