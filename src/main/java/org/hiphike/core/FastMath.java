package org.hiphike.core;

/**
 * Inverse sine where the pipeline needs it for every sample. {@link Math#asin} is not a JIT intrinsic on
 * Java 17 and costs as much as the rest of a sample's work; for |x| &lt; 0.5 (tilts under 30°, where
 * every drop lies) this is fdlibm's own rational approximation, the one {@code StrictMath.asin} evaluates,
 * in the same order of operations: the results are the same to the last bit. Other arguments go to
 * {@link Math#asin}.
 */
public final class FastMath {
    private FastMath() {}

    private static final double PS0 = 1.66666666666666657415e-01, PS1 = -3.25565818622400915405e-01,
            PS2 = 2.01212532134862925881e-01, PS3 = -4.00555345006794114027e-02, PS4 = 7.91534994289814532176e-04,
            PS5 = 3.47933107596021167570e-05, QS1 = -2.40339491173441421878e+00, QS2 = 2.02094576023350569471e+00,
            QS3 = -6.88283971605453293030e-01, QS4 = 7.70381505559019352791e-02;

    /** asin(x), radians. */
    public static double asin(double x) {
        double ax = Math.abs(x);
        if (!(ax < 0.5)) return Math.asin(x);
        if (ax < 0x1p-27) return x;
        double t = x * x;
        double p = t * (PS0 + t * (PS1 + t * (PS2 + t * (PS3 + t * (PS4 + t * PS5)))));
        double q = 1.0 + t * (QS1 + t * (QS2 + t * (QS3 + t * QS4)));
        double w = p / q;
        return x + x * w;
    }
}
