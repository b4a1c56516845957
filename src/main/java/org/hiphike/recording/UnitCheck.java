package org.hiphike.recording;

import java.util.Arrays;
import java.util.List;
import org.hiphike.core.ImuSample;
import org.hiphike.core.SensorLimits;

/**
 * Plausibility of a recording's units. A person wearing the sensor is mostly near rest, so the
 * median magnitude of the accelerometer is close to 1 g; a median near 9.8 means m/s². Sample
 * intervals of whole units mean a time column in milliseconds. Gyroscopes in rad/s are told by
 * comparing how far the accelerometer's direction turns with how far the gyroscope says it turned.
 */
public final class UnitCheck {
    private UnitCheck() {}

    public static void check(Recording recording) throws RecordingFormatException {
        List<ImuSample> samples = recording.samples();
        String source = recording.source();
        double medianAccG = median(samples, true);
        if (medianAccG > 6 && medianAccG < 14) {
            throw CsvRecordingReader.error(source, 0, "acc_x_g", String.format(java.util.Locale.ROOT,
                    "the accelerometer looks like m/s², not g (median magnitude %.2f; at rest it should be about 1.0 g)."
                            + " Divide acc_*_g by 9.80665, or convert the file.", medianAccG));
        }
        if ((medianAccG < 0.5 || medianAccG > 2.0) && !movingThroughout(samples, medianAccG)) {
            throw CsvRecordingReader.error(source, 0, "acc_x_g", String.format(java.util.Locale.ROOT,
                    "the accelerometer's median magnitude is %.3f g, not about 1 g: the unit or scale is wrong"
                            + " (raw counts? milli-g?)", medianAccG));
        }
        if (samples.size() >= 3) {
            double[] dts = new double[Math.min(samples.size() - 1, 2000)];
            for (int i = 0; i < dts.length; i++) dts[i] = samples.get(i + 1).timeS() - samples.get(i).timeS();
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
        checkDeclaredRate(recording);
        double ratio = gyroToTiltRatio(samples);
        if (ratio > 0 && ratio < 1.0 / 20) {
            throw CsvRecordingReader.error(source, 0, "gyr_x_dps", String.format(java.util.Locale.ROOT,
                    "the gyroscope looks like rad/s, not degrees per second: it turns %.0f times less than the"
                            + " accelerometer's direction does. Multiply gyr_*_dps by 57.2958.", 1 / ratio));
        }
    }

    /**
     * A declared {@code rate_hz} must be a rate an IMU streams at and agree with the timestamps: it decides how many
     * samples a gap lost, and a wrong one counts millions lost where none were.
     */
    static void checkDeclaredRate(Recording recording) throws RecordingFormatException {
        String text = recording.metadata().get("rate_hz");
        if (text == null) return;
        double declared = recording.declaredRateHz();
        String line = "the metadata line '# rate_hz: " + (text.length() > 24 ? text.substring(0, 24) + "..." : text) + "'";
        if (!SensorLimits.plausibleRate(declared)) {
            throw CsvRecordingReader.error(recording.source(), 0, null, line + " is not a rate an IMU streams at ("
                    + (long) SensorLimits.MIN_RATE_HZ + "-" + (long) SensorLimits.MAX_RATE_HZ + " Hz): correct it or delete it "
                    + "(the rate is then measured from time_s)");
        }
        double measured = Recording.measuredRateHz(recording.samples());
        if (recording.samples().size() >= 10 && measured > 0 && !SensorLimits.ratesAgree(declared, measured)) {
            throw CsvRecordingReader.error(recording.source(), 0, null, String.format(java.util.Locale.ROOT,
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
    static boolean movingThroughout(List<ImuSample> samples, double medianAccG) {
        if (medianAccG >= 6) return false;
        int step = Math.max(1, samples.size() / 4000);
        double[] m = new double[(samples.size() + step - 1) / step];
        int k = 0;
        for (int i = 0; i < samples.size(); i += step) m[k++] = samples.get(i).accG().norm();
        Arrays.sort(m, 0, k);
        if (k < 8) return false;
        return (m[3 * k / 4] - m[k / 4]) > medianAccG / 3;
    }

    private static double median(List<ImuSample> samples, boolean acc) {
        int step = Math.max(1, samples.size() / 4000);
        double[] m = new double[(samples.size() + step - 1) / step];
        int k = 0;
        for (int i = 0; i < samples.size(); i += step) m[k++] = (acc ? samples.get(i).accG() : samples.get(i).gyroDps()).norm();
        Arrays.sort(m, 0, k);
        return m[k / 2];
    }

    /**
     * Over quiet stretches (|acc| within 0.05 g of 1 g, so the accelerometer shows the direction
     * of gravity), the angle the gyroscope integrates divided by the angle gravity's direction
     * turns. About 1 for a gyroscope in deg/s, about 1/57 for one in rad/s; 0 when the recording
     * has too little rotation to tell.
     */
    static double gyroToTiltRatio(List<ImuSample> samples) {
        double tiltDeg = 0, gyroDeg = 0;
        int n = samples.size();
        int stride = 10;
        for (int i = stride; i < n; i += stride) {
            ImuSample a = samples.get(i - stride), b = samples.get(i);
            double dt = b.timeS() - a.timeS();
            if (dt <= 0 || dt > 0.5) continue;
            if (Math.abs(a.accG().norm() - 1) > 0.05 || Math.abs(b.accG().norm() - 1) > 0.05) continue;
            double cos = a.accG().unit().dot(b.accG().unit());
            double turned = Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cos))));
            if (turned < 0.5) continue; // noise, not motion
            double integrated = 0;
            for (int j = i - stride + 1; j <= i; j++) {
                ImuSample s = samples.get(j);
                integrated += s.gyroDps().norm() * (s.timeS() - samples.get(j - 1).timeS());
            }
            tiltDeg += turned;
            gyroDeg += integrated;
        }
        return tiltDeg < 30 ? 0 : gyroDeg / tiltDeg;
    }
}
