package org.hiphike.fusion;

/**
 * Settings of the orientation filter, with named defaults.
 *
 * @param gain                    proportional gain while moving (rad/s per unit of accelerometer error): the
 *                                tilt error decays with time constant 1/gain, 2 s, long against a drop's own
 *                                accelerations (a few hundredths of g for a second or so)
 * @param stillGain               gain while the gyroscope is quiet (the accelerometer then shows gravity alone)
 * @param integralGain            integral gain (rad/s² per unit error), 0 by default: the calibration already follows
 *                                the gyroscope's offset at every still moment, and the integral term's slow mode kept a
 *                                pelvis back at level reading a few tenths of a degree off for tens of seconds after a rep
 * @param startupGain             gain during start-up and recovery, so the first estimate converges in a fraction of a second
 * @param startupS                how long the start-up gain lasts, seconds
 * @param accelerationRejectionG  the accelerometer is not trusted while |acc| differs from its rest value by more
 *                                than this (g): the pelvis is then accelerating, not only tilting
 * @param recoveryS               after this long without a trusted accelerometer the filter recovers with the start-up gain
 * @param maxGapS                 a gap between samples longer than this restarts the filter from the accelerometer, seconds
 */
public record FusionSettings(
        double gain,
        double stillGain,
        double integralGain,
        double startupGain,
        double startupS,
        double accelerationRejectionG,
        double recoveryS,
        double maxGapS) {

    public static final FusionSettings DEFAULTS = new FusionSettings(0.5, 2.0, 0.0, 10.0, 1.0, 0.1, 0.5, 0.25);
}
