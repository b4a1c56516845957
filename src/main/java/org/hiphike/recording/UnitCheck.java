package org.hiphike.recording;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hiphike.core.ImuSample;
import org.hiphike.core.SensorLimits;

/**
 * Plausibility of a recording's units. A person wearing the sensor is mostly near rest, so the
 * median magnitude of the accelerometer is close to 1 g; a median near 9.8 means m/s². Sample
 * intervals of whole units mean a time column in milliseconds. Gyroscopes in rad/s are told by
 * comparing how far the accelerometer's direction turns with how far the gyroscope says it turned.
 *
 * <p>The figures are gathered sample by sample in bounded memory ({@link Accumulator}), so a reader can check a
 * recording of any length while it streams it: the accelerometer's magnitude is kept for at most
 * {@link Accumulator#ACC_KEPT} evenly spaced samples (every sample up to that, then every 2nd, 4th, ... one), the
 * intervals of the first 2001, and the last 11 samples for the gyroscope's comparison.
 */
public final class UnitCheck {
    private UnitCheck() {}

    public static void check(Recording recording) throws RecordingFormatException {
        Accumulator a = new Accumulator();
        for (ImuSample s : recording.samples()) a.add(s);
        a.check(recording.source(), recording.metadata());
    }

    /** What the checks need of a recording, taken one sample at a time in bounded memory. */
    public static final class Accumulator {
        /** Most accelerometer magnitudes kept for the medians. */
        static final int ACC_KEPT = 8000;
        /** Intervals from the start that the time checks look at (the rate is measured from 2001 of them). */
        static final int HEAD_INTERVALS = 2001;
        private static final int STRIDE = 10; // samples between the gyroscope's comparisons

        private long count;
        private final double[] accNorm = new double[ACC_KEPT];
        private int accKept;
        private long accStep = 1;
        private final double[] headTimes = new double[HEAD_INTERVALS + 1];
        private final ImuSample[] recent = new ImuSample[STRIDE + 1];
        private double tiltDeg, gyroDeg;

        private long nextAcc; // the next sample whose magnitude is kept: the next multiple of accStep
        private int untilCompare = STRIDE + 1, slot;

        public void add(ImuSample s) {
            long i = count++;
            if (i == nextAcc) {
                if (accKept == ACC_KEPT) { // keep every other one, and take every other one from now on
                    int k = 0;
                    for (int j = 0; j < accKept; j += 2) accNorm[k++] = accNorm[j];
                    accKept = k;
                    accStep *= 2; // i is ACC_KEPT (even) times the step before: a multiple of the new one
                }
                accNorm[accKept++] = s.accG().norm();
                nextAcc = i + accStep;
            }
            if (i < headTimes.length) headTimes[(int) i] = s.timeS();
            recent[slot] = s; // slot == i % recent.length
            if (++slot == recent.length) slot = 0;
            if (--untilCompare == 0) { // samples STRIDE, 2 STRIDE, ...
                untilCompare = STRIDE;
                compareGyroToTilt(i);
            }
        }

        /** The samples seen. */
        public long count() { return count; }

        /** The times of the first samples (up to {@link #HEAD_INTERVALS} + 1), in order. */
        double[] headTimes() { return headTimes; }

        int headCount() { return (int) Math.min(count, headTimes.length); }

        private ImuSample at(long i) { return recent[(int) (i % recent.length)]; }

        private void compareGyroToTilt(long i) {
            ImuSample a = at(i - STRIDE), b = at(i);
            double dt = b.timeS() - a.timeS();
            if (dt <= 0 || dt > 0.5) return;
            if (Math.abs(a.accG().norm() - 1) > 0.05 || Math.abs(b.accG().norm() - 1) > 0.05) return;
            double cos = a.accG().unit().dot(b.accG().unit());
            double turned = Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cos))));
            if (turned < 0.5) return; // noise, not motion
            double integrated = 0;
            for (long j = i - STRIDE + 1; j <= i; j++) {
                ImuSample s = at(j);
                integrated += s.gyroDps().norm() * (s.timeS() - at(j - 1).timeS());
            }
            tiltDeg += turned;
            gyroDeg += integrated;
        }

        /**
         * Over quiet stretches (|acc| within 0.05 g of 1 g, so the accelerometer shows the direction
         * of gravity), the angle the gyroscope integrates divided by the angle gravity's direction
         * turns. About 1 for a gyroscope in deg/s, about 1/57 for one in rad/s; 0 when the recording
         * has too little rotation to tell.
         */
        double gyroToTiltRatio() { return tiltDeg < 30 ? 0 : gyroDeg / tiltDeg; }

        /** The accelerometer magnitudes kept (of the samples at multiples of a power of two), sorted. */
        double[] sortedAccNorms() {
            double[] m = Arrays.copyOf(accNorm, accKept);
            Arrays.sort(m);
            return m;
        }

        /** The checks, in the order they are made; the first that fails is thrown. */
        public void check(String source, Map<String, String> metadata) throws RecordingFormatException {
            if (count == 0) return;
            double[] m = sortedAccNorms();
            double medianAccG = m[m.length / 2];
            if (medianAccG > 6 && medianAccG < 14) {
                throw CsvRecordingReader.error(source, 0, "acc_x_g", String.format(java.util.Locale.ROOT,
                        "the accelerometer looks like m/s², not g (median magnitude %.2f; at rest it should be about 1.0 g)."
                                + " Divide acc_*_g by 9.80665, or convert the file.", medianAccG));
            }
            if ((medianAccG < 0.5 || medianAccG > 2.0) && !movingThroughout(m, medianAccG)) {
                throw CsvRecordingReader.error(source, 0, "acc_x_g", String.format(java.util.Locale.ROOT,
                        "the accelerometer's median magnitude is %.3f g, not about 1 g: the unit or scale is wrong"
                                + " (raw counts? milli-g?)", medianAccG));
            }
            if (count >= 3) {
                double[] dts = new double[(int) Math.min(count - 1, 2000)];
                for (int i = 0; i < dts.length; i++) dts[i] = headTimes[i + 1] - headTimes[i];
                Arrays.sort(dts);
                double medianDt = dts[dts.length / 2];
                if (medianDt >= 1.0) {
                    throw CsvRecordingReader.error(source, 0, "time_s", String.format(java.util.Locale.ROOT,
                            "samples are %.3g apart: time_s looks like milliseconds (or the rate is far below 1 Hz);"
                                    + " time_s must be in seconds", medianDt));
                }
                if (medianDt <= 0) {
                    throw CsvRecordingReader.error(source, 0, "time_s",
                            "most samples share the same time_s: the time column does not advance");
                }
            }
            checkDeclaredRate(source, metadata, count, Recording.measuredRateHz(headTimes, headCount()));
            double ratio = gyroToTiltRatio();
            if (ratio > 0 && ratio < 1.0 / 20) {
                throw CsvRecordingReader.error(source, 0, "gyr_x_dps", String.format(java.util.Locale.ROOT,
                        "the gyroscope looks like rad/s, not degrees per second: it turns %.0f times less than the"
                                + " accelerometer's direction does. Multiply gyr_*_dps by 57.2958.", 1 / ratio));
            }
        }
    }

    /**
     * A declared {@code rate_hz} must be a rate an IMU streams at and agree with the timestamps: it decides how many
     * samples a gap lost, and a wrong one counts millions lost where none were.
     */
    static void checkDeclaredRate(Recording recording) throws RecordingFormatException {
        checkDeclaredRate(recording.source(), recording.metadata(), recording.samples().size(),
                Recording.measuredRateHz(recording.samples()));
    }

    private static void checkDeclaredRate(String source, Map<String, String> metadata, long samples, double measured)
            throws RecordingFormatException {
        String text = metadata.get("rate_hz");
        if (text == null) return;
        double declared = Recording.declaredRateHz(metadata);
        String line = "the metadata line '# rate_hz: " + (text.length() > 24 ? text.substring(0, 24) + "..." : text) + "'";
        if (!SensorLimits.plausibleRate(declared)) {
            throw CsvRecordingReader.error(source, 0, null, line + " is not a rate an IMU streams at ("
                    + (long) SensorLimits.MIN_RATE_HZ + "-" + (long) SensorLimits.MAX_RATE_HZ + " Hz): correct it or delete it "
                    + "(the rate is then measured from time_s)");
        }
        if (samples >= 10 && measured > 0 && !SensorLimits.ratesAgree(declared, measured)) {
            throw CsvRecordingReader.error(source, 0, null, String.format(java.util.Locale.ROOT,
                    "%s does not agree with time_s, whose samples are %.3g s apart (%.4g Hz): correct the line or delete it "
                    + "(the rate is then measured from time_s), or check the time unit", line, 1 / measured, measured));
        }
    }

    /**
     * Whether |acc| swings widely about its median (interquartile range over a third of the median) below the m/s²
     * range: a wearer hopping or running throughout reads 0 g in flight and several g on landing, so the median is
     * not 1 g, but a wrong scale leaves a still sensor's reading steady. Such a recording is read as it is; the
     * pipeline finds no stance in it.
     */
    private static boolean movingThroughout(double[] sortedNorms, double medianAccG) {
        if (medianAccG >= 6) return false;
        int k = sortedNorms.length;
        if (k < 8) return false;
        return (sortedNorms[3 * k / 4] - sortedNorms[k / 4]) > medianAccG / 3;
    }

    /** {@link Accumulator#gyroToTiltRatio()} of a whole list of samples. */
    static double gyroToTiltRatio(List<ImuSample> samples) {
        Accumulator a = new Accumulator();
        for (ImuSample s : samples) a.add(s);
        return a.gyroToTiltRatio();
    }
}
