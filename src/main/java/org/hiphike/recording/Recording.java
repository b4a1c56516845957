package org.hiphike.recording;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hiphike.core.ImuSample;
import org.hiphike.core.SensorLimits;

/**
 * A recording held in memory: its metadata ({@code key: value} lines of CSV v1) and its samples
 * in time order.
 *
 * @param source   where it came from (a path, a device), for reports
 * @param metadata metadata keys in file order (sensor, rate_hz, started_at, mount, note, source, ...)
 * @param samples  the samples, time non-decreasing
 * @param timeRepairs samples whose time stepped back a little (phone and Bluetooth batching jitter) and
 *                 was set to the previous sample's time by the reader
 * @param clockRestarts times the sensor's clock restarted (jumped back) and the reader, asked to, placed the
 *                 stretch after it {@link CsvRecordingReader#RESTART_GAP_S} after the previous one
 */
public record Recording(String source, Map<String, String> metadata, List<ImuSample> samples, int timeRepairs,
        int clockRestarts) implements RecordingStream {

    public Recording {
        metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
        samples = List.copyOf(samples);
        if (timeRepairs < 0) throw new IllegalArgumentException("timeRepairs must be >= 0");
        if (clockRestarts < 0) throw new IllegalArgumentException("clockRestarts must be >= 0");
    }

    /** A recording whose clock never restarted. */
    public Recording(String source, Map<String, String> metadata, List<ImuSample> samples, int timeRepairs) {
        this(source, metadata, samples, timeRepairs, 0);
    }

    /** A recording whose times needed no repair. */
    public Recording(String source, Map<String, String> metadata, List<ImuSample> samples) {
        this(source, metadata, samples, 0);
    }

    /**
     * This recording as a reader gives it: a sample stamped a little before the previous one (at most
     * {@link CsvRecordingReader#MAX_TIME_REPAIR_S}) keeps its place with the previous sample's time, and is counted.
     * A larger step back is left for the pipeline, which skips and counts such samples.
     */
    public Recording withTimesRepaired() {
        List<ImuSample> out = new java.util.ArrayList<>(samples.size());
        double last = Double.NEGATIVE_INFINITY;
        int repaired = 0;
        for (ImuSample s : samples) {
            if (s.timeS() < last && last - s.timeS() <= CsvRecordingReader.MAX_TIME_REPAIR_S) {
                out.add(new ImuSample(last, s.accG(), s.gyroDps(), s.magUt()));
                repaired++;
            } else {
                out.add(s);
                last = Math.max(last, s.timeS());
            }
        }
        return repaired == 0 ? this : new Recording(source, metadata, out, timeRepairs + repaired, clockRestarts);
    }

    /** What a report says of this recording. */
    public RecordingSummary summary() {
        return new RecordingSummary(source, metadata, samples.size(), durationS(), nominalRateHz(), droppedSamples(),
                timeRepairs, clockRestarts);
    }

    /** Hands every sample to {@code sink} in order. */
    @Override
    public RecordingSummary feed(java.util.function.Consumer<ImuSample> sink) {
        for (ImuSample s : samples) sink.accept(s);
        return summary();
    }

    public double durationS() {
        return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).timeS() - samples.get(0).timeS();
    }

    /**
     * The nominal sample rate: the {@code rate_hz} metadata when it is a rate an IMU streams at and the timestamps
     * agree with it ({@link SensorLimits#ratesAgree}), otherwise the median sample interval's inverse; 0 for fewer
     * than two samples.
     */
    public double nominalRateHz() { return nominalRateHz(metadata, measuredRateHz(samples)); }

    /** {@link #nominalRateHz()} from the metadata and the rate {@link #measuredRateHz(List) measured}. */
    static double nominalRateHz(Map<String, String> metadata, double measured) {
        double declared = declaredRateHz(metadata);
        if (measured <= 0) return SensorLimits.plausibleRate(declared) ? declared : 0;
        return SensorLimits.ratesAgree(declared, measured) ? declared : measured;
    }

    /** The {@code rate_hz} metadata as a number; NaN when absent or not a number. */
    public double declaredRateHz() { return declaredRateHz(metadata); }

    /** The {@code rate_hz} of {@code metadata} as a number; NaN when absent or not a number. */
    static double declaredRateHz(Map<String, String> metadata) {
        String declared = metadata.get("rate_hz");
        if (declared == null) return Double.NaN;
        try {
            return Double.parseDouble(declared.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * Samples missing in an interval of {@code dtS} followed by one of {@code nextDtS} (NaN at the end), with samples
     * {@code nominalS} apart: those that fit in it when it is longer than 1.5 nominal ones. A sample stamped late by
     * jitter makes its interval long and the next one short by as much: the lateness the next interval gives back is
     * not a gap (phone and Bluetooth timestamps jitter by milliseconds).
     */
    static long missingIn(double dtS, double nextDtS, double nominalS) {
        double late = Double.isNaN(nextDtS) ? 0 : Math.max(0, nominalS - nextDtS);
        double dt = dtS - late;
        return dt > 1.5 * nominalS ? Math.round(dt / nominalS) - 1 : 0;
    }

    /**
     * Samples the span from the first to the last stamp lacks at the nominal rate: no more can have been dropped,
     * however the stamps jitter (a run of late stamps makes long intervals that later short ones give back).
     */
    static long spanShortfall(double spanS, long samples, double nominalS) {
        return Math.round(spanS / nominalS) + 1 - samples;
    }

    /** Samples missing by the clock: for each interval longer than 1.5 nominal ones, the samples that fit in it. */
    public int droppedSamples() {
        double rate = nominalRateHz();
        if (rate <= 0) return 0;
        double nominal = 1.0 / rate;
        long dropped = 0;
        for (int i = 1; i < samples.size(); i++) {
            double dt = samples.get(i).timeS() - samples.get(i - 1).timeS();
            double next = i + 1 < samples.size() ? samples.get(i + 1).timeS() - samples.get(i).timeS() : Double.NaN;
            dropped += missingIn(dt, next, nominal);
        }
        // A joined restart's gap is of unknown length, not samples known to be lost.
        long restartGaps = clockRestarts * Math.max(0, Math.round(CsvRecordingReader.RESTART_GAP_S / nominal) - 1);
        dropped -= restartGaps;
        if (samples.size() > 1) dropped = Math.min(dropped, spanShortfall(durationS(), samples.size(), nominal) - restartGaps);
        dropped = Math.max(0, dropped);
        return (int) Math.min(Integer.MAX_VALUE, dropped);
    }

    /** Inverse of the median interval between samples; 0 when it cannot be told. */
    public static double measuredRateHz(List<ImuSample> samples) {
        int n = Math.min(samples.size(), 2002);
        double[] times = new double[n];
        for (int i = 0; i < n; i++) times[i] = samples.get(i).timeS();
        return measuredRateHz(times, n);
    }

    /** {@link #measuredRateHz(List)} of the first {@code n} of {@code times} (only the first 2002 count). */
    static double measuredRateHz(double[] times, int n) {
        if (n < 2) return 0;
        int count = Math.min(n - 1, 2001);
        double[] dts = new double[count];
        for (int i = 0; i < count; i++) dts[i] = times[i + 1] - times[i];
        Arrays.sort(dts);
        double median = dts[count / 2];
        return median > 0 ? 1.0 / median : 0;
    }
}
