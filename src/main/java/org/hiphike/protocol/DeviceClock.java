package org.hiphike.protocol;

/**
 * Recording time from an (already unwrapped) device clock of a protocol with an integrity check:
 * seconds from the first sample, non-decreasing. A forward step is real (a gap stays a gap); a backward
 * step is a device restart or reordering: time continues from the last sample's time and the step is
 * counted. Protocols whose timestamps have no integrity check use {@link LookaheadClock}.
 */
final class DeviceClock {
    private final double secondsPerTick;
    private boolean started;
    private double lastDeviceS;
    private double timeS;
    private long jumps;

    private DeviceClock(double secondsPerTick) {
        this.secondsPerTick = secondsPerTick;
    }

    static DeviceClock checked(double secondsPerTick) {
        return new DeviceClock(secondsPerTick);
    }

    /** For protocols whose times come from elsewhere: counts no jumps. */
    static DeviceClock none() {
        return new DeviceClock(1);
    }

    /** Takes the next timestamp; {@link #timeS()} is then its recording time. */
    void accept(double rawTicks) {
        double deviceS = rawTicks * secondsPerTick;
        if (started) {
            double step = deviceS - lastDeviceS;
            if (step >= 0) timeS += step;
            else jumps++;
        }
        started = true;
        lastDeviceS = deviceS;
    }

    double timeS() { return timeS; }

    long jumps() { return jumps; }
}
