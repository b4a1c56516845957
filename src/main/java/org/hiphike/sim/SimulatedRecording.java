package org.hiphike.sim;

import org.hiphike.recording.Recording;

/**
 * A simulated recording with its truth.
 *
 * @param recording          the sensor samples as a device would deliver them, with metadata
 * @param truth              sets, reps and events measured from the simulated motion
 * @param traceTimeS         the recording's sample times, seconds
 * @param traceObliquityDeg  truth drop angle (signed obliquity relative to the current set's level posture,
 *                           positive = the set's hanging side down) at each sample time, degrees; NaN
 *                           outside exercise segments
 */
public record SimulatedRecording(Recording recording, Truth truth, double[] traceTimeS, double[] traceObliquityDeg) {
}
