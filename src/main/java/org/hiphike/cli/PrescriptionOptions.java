package org.hiphike.cli;

import org.hiphike.core.AxisRemap;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.Thresholds;
import picocli.CommandLine.Option;

/** Options shared by the commands that run the pipeline: mounting and the exercise prescription's thresholds. */
public final class PrescriptionOptions {
    private static final Thresholds D = Thresholds.DEFAULTS;

    @Option(names = "--axes", paramLabel = "REMAP", defaultValue = "+X+Y+Z",
            description = "Sensor axes as worn, x-io style (worn x, y, z as signed sensor axes), for other mountings. "
                    + "Default: ${DEFAULT-VALUE} (x = wearer's right, y = up, z = backward). Example: -Y+X+Z.")
    String axes;

    @Option(names = "--level-deg", paramLabel = "DEG", description = "Drop angle within this is level (default 1.5).")
    Double levelDeg;

    @Option(names = "--min-peak-deg", paramLabel = "DEG", description = "A rep must reach at least this drop (default 3.0).")
    Double minPeakDeg;

    @Option(names = "--hold-band-deg", paramLabel = "DEG", description = "The hold is the stretch within this of the peak (default 1.0).")
    Double holdBandDeg;

    @Option(names = "--knee-drop-cm", paramLabel = "CM", description = "Support-hip sink beyond this is a knee bend (default 2.0).")
    Double kneeDropCm;

    @Option(names = "--short-hold-s", paramLabel = "S", description = "A hold shorter than this is a short hold (default 1.0).")
    Double shortHoldS;

    @Option(names = "--too-fast-lower-s", paramLabel = "S", description = "Lowering faster than this is too fast (default 0.6).")
    Double tooFastLowerS;

    @Option(names = "--target-depth-deg", paramLabel = "DEG",
            description = "The prescribed depth (1-30): a rep whose peak drop is under it gets the fault too_shallow "
                    + "(default: none, no rep is too shallow).")
    Double targetDepthDeg;

    @Option(names = "--hip-width-cm", paramLabel = "CM",
            description = "Distance between the hip joints, for the knee-bend estimate (default 18).")
    Double hipWidthCm;

    public AxisRemap remap() { return AxisRemap.parse(axes); }

    public Thresholds thresholds() {
        return new Thresholds(or(levelDeg, D.levelDeg()), or(minPeakDeg, D.minPeakDeg()), or(holdBandDeg, D.holdBandDeg()),
                or(kneeDropCm, D.kneeDropCm()), or(shortHoldS, D.shortHoldS()), or(tooFastLowerS, D.tooFastLowerS()), targetDepthDeg);
    }

    /** True when any threshold was given on the command line. */
    public boolean thresholdsGiven() {
        return levelDeg != null || minPeakDeg != null || holdBandDeg != null || kneeDropCm != null || shortHoldS != null
                || tooFastLowerS != null || targetDepthDeg != null;
    }

    /** The target depth given on the command line, or null. */
    public Double targetDepthDeg() { return targetDepthDeg; }

    public PipelineSettings settings() {
        PipelineSettings s = PipelineSettings.DEFAULTS.withThresholds(thresholds());
        if (hipWidthCm != null) {
            if (!(hipWidthCm > 5 && hipWidthCm < 40)) throw new IllegalArgumentException("--hip-width-cm must be between 5 and 40");
            s = s.withHipHalfWidthM(hipWidthCm / 200.0);
        }
        return s;
    }

    private static double or(Double v, double fallback) { return v == null ? fallback : v; }
}
