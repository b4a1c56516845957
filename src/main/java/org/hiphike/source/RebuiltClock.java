package org.hiphike.source;

/**
 * Live sample times for protocols that carry no timestamp (WitMotion, CSV lines without a time
 * column). The decoder's time ({@code n / rate}, lost samples it saw counted in) stays the base, so the
 * spacing of samples is the configured rate and not the jittery arrival times; two corrections from the
 * arrival clock keep it honest:
 * <ul>
 *   <li>a <b>gap</b>: when arrivals run more than {@link #GAP_S} ahead of the rebuilt time (the device was
 *       unplugged, samples vanished without a trace), time jumps forward by the difference;</li>
 *   <li>a <b>backlog</b>: samples that waited in a buffer arrive at once when the port opens; for the first
 *       {@link #SETTLE_S} s, arrivals earlier than expected move the anchor instead of squeezing time;</li>
 *   <li>a <b>drift</b>: a slightly wrong configured rate is pulled toward the arrival clock with a time
 *       constant of about {@link #DRIFT_TIME_CONSTANT_S} s, which averages arrival jitter (USB and Bluetooth
 *       deliver in bursts of 1-50 ms) away.</li>
 * </ul>
 * Time never goes backwards. Not thread-safe: used on the reading thread.
 */
final class RebuiltClock {
    /** Arrivals this far ahead of the rebuilt time are a gap, not jitter. */
    static final double GAP_S = 0.25;
    static final double DRIFT_TIME_CONSTANT_S = 10.0;
    /** For this long after the first sample, arrivals earlier than expected move the anchor (a start-up backlog). */
    static final double SETTLE_S = 5.0;
    /** The drift correction changes a sample interval by at most this fraction. */
    static final double MAX_DRIFT = 0.02;

    private boolean anchored;
    private double wallAnchorS;
    private double firstArrivalS;
    private double offsetS;
    private double lastDecoderS;
    private double lastOutS = Double.NEGATIVE_INFINITY;
    private long gaps;

    /**
     * @param decoderTimeS the decoder's rebuilt time of the sample, seconds
     * @param arrivalS     when its bytes arrived, seconds on a monotonic wall clock
     * @return the sample's time, seconds from the first sample
     */
    double timeOf(double decoderTimeS, double arrivalS) {
        if (!anchored) {
            anchored = true;
            wallAnchorS = arrivalS - decoderTimeS;
            firstArrivalS = arrivalS;
        }
        double step = Math.max(0, decoderTimeS - lastDecoderS);
        lastDecoderS = decoderTimeS;
        double rebuilt = decoderTimeS + offsetS;
        double error = (arrivalS - wallAnchorS) - rebuilt;
        if (error > GAP_S) {
            offsetS += error;
            gaps++;
        } else if (error < -GAP_S || (error < 0 && arrivalS - firstArrivalS < SETTLE_S)) {
            // Arrivals behind the rebuilt time: the first samples came out of a buffer all at once, so the
            // anchor was taken late (or a burst came early). Move the anchor, not the samples.
            wallAnchorS += error;
        } else if (step > 0) {
            double correction = error * Math.min(1, step / DRIFT_TIME_CONSTANT_S);
            double limit = MAX_DRIFT * step;
            offsetS += Math.max(-limit, Math.min(limit, correction));
        }
        double t = Math.max(decoderTimeS + offsetS, lastOutS);
        lastOutS = t;
        return t;
    }

    /** Gaps found from the arrival clock. */
    long gaps() { return gaps; }
}
