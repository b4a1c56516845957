package org.hiphike.exercise;

/**
 * The recent past of the pipeline, one entry per accepted sample, in a ring buffer: the sensor's
 * time, the direction of up in the sensor frame, the vertical acceleration, and whether the wearer
 * was still and whether the sample is spoiled (a knock on the sensor). Sample index {@code k}
 * counts from the first sample; the oldest {@link #CAPACITY} are kept, more than 160 s at 200 Hz,
 * longer than any rep and the confirmation that follows it.
 */
final class Trace {
    static final int CAPACITY = 1 << 15;
    private static final int MASK = CAPACITY - 1;

    private final double[] time = new double[CAPACITY];
    private final double[] upX = new double[CAPACITY], upY = new double[CAPACITY], upZ = new double[CAPACITY];
    private final double[] verticalAcc = new double[CAPACITY]; // m/s², up positive, gravity removed
    private final boolean[] still = new boolean[CAPACITY];
    private long n;

    void add(double t, double ux, double uy, double uz, double vAcc, boolean isStill) {
        int i = (int) (n & MASK);
        time[i] = t;
        upX[i] = ux;
        upY[i] = uy;
        upZ[i] = uz;
        verticalAcc[i] = vAcc;
        still[i] = isStill;
        n++;
    }

    /** Samples stored so far (the next index). */
    long size() { return n; }

    long last() { return n - 1; }

    /** The oldest index still held. */
    long oldest() { return Math.max(0, n - CAPACITY + 1); }

    double t(long k) { return time[(int) (k & MASK)]; }
    double ux(long k) { return upX[(int) (k & MASK)]; }
    double uy(long k) { return upY[(int) (k & MASK)]; }
    double uz(long k) { return upZ[(int) (k & MASK)]; }
    double verticalAcc(long k) { return verticalAcc[(int) (k & MASK)]; }
    boolean still(long k) { return still[(int) (k & MASK)]; }

    /** Index of the last sample at or before time {@code s}, not before {@code floor} nor the oldest held. */
    long indexAtOrBefore(double s, long floor) {
        long lo = Math.max(floor, oldest()), hi = n - 1;
        if (hi < lo || t(lo) > s) return lo;
        while (lo < hi) {
            long mid = (lo + hi + 1) >>> 1;
            if (t(mid) <= s) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }
}
