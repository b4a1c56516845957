package org.hiphike.fusion;

/**
 * Settings of the orientation filter and the gyroscope bias estimator, with named defaults.
 *
 * @param gain                    proportional gain of the complementary filter (rad/s per unit of
 *                                accelerometer error); the tilt error decays with time constant 1/gain
 * @param stillGain               gain while the gyroscope is quiet (the accelerometer then shows gravity alone)
 * @param integralGain            integral gain (rad/s² per unit error): removes what is left of the gyroscope bias
 * @param startupGain             gain during start-up and recovery, so the first estimate converges in a fraction of a second
 * @param startupS                how long the start-up gain lasts
 * @param accelerationRejectionG  the accelerometer is not trusted while |acc| differs from 1 g by more than this
 * @param recoveryS               after this long without a trusted accelerometer the filter recovers with the start-up gain
 * @param maxGapS                 a gap between samples longer than this restarts the filter from the accelerometer
 * @param biasStillThresholdDps   the gyroscope counts as still while every axis stays within this of the bias estimate
 * @param biasStillS              stillness needed before the bias estimate adapts
 * @param biasTimeConstantS       time constant of the bias estimate once adapting
 */
public record FusionSettings(
        double gain,
        double stillGain,
        double integralGain,
        double startupGain,
        double startupS,
        double accelerationRejectionG,
        double recoveryS,
        double maxGapS,
        double biasStillThresholdDps,
        double biasStillS,
        double biasTimeConstantS) {

    public static final FusionSettings DEFAULTS = new FusionSettings(0.5, 2.0, 0.05, 10.0, 1.0, 0.1, 0.5, 0.25, 3.0, 0.5, 4.0);
}
