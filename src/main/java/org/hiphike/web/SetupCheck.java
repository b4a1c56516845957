package org.hiphike.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.hiphike.core.ImuSample;

/**
 * The guided setup's "stand still" check: is a sensor sending, is the wearer still, is the sensor upright and how
 * far off the default alignment is the clip (spec section 2: x the wearer's right, y up, z backward; up to 30° off
 * is measured without being told). Read from the accelerometer alone while the wearer stands still: at rest it
 * reads +1 g along up, so up in the sensor frame is the direction of the mean specific force, and the clip's angle
 * off is the angle between that and the sensor's +y axis. A clip turned about the vertical does not show in gravity;
 * the pipeline learns that turn from the reps ({@code DropAxis}). Nothing here feeds the measurement: it only tells
 * the wearer whether the clip is on well enough to start.
 *
 * <p>One {@link #update} per sample, on the sensor's clock, after the axis remap (the sensor as worn). Not thread
 * safe: the live session calls it under its lock.
 */
final class SetupCheck {
    /** Low-pass time constant of the accelerometer and gyroscope before stillness is judged (s): tremor and noise. */
    static final double LOW_PASS_S = 0.2;
    /** Still: the low-passed rotation rate under this (deg/s); standing on one leg sways by about 1 deg/s. */
    static final double STILL_RATE_DPS = 3.0;
    /** Still: the low-passed specific force within this of 1 g (g); a step or a bounce is 0.1 g and more. */
    static final double STILL_ACC_G = 0.05;
    /** Still this long before up is taken (s): the foot has landed and the wearer stands. */
    static final double STILL_FOR_S = 1.5;
    /** The clip may be this far off the default alignment (deg): what the analysis compensates (spec section 2). */
    static final double MAX_OFF_DEG = 30;
    /** Upright: up within this of the sensor's +y (deg); beyond it the sensor lies on its side or the wearer does. */
    static final double UPRIGHT_DEG = 60;
    /** A lean under this is not named (deg): the pelvis itself tilts a few degrees forward or back. */
    static final double NAMED_LEAN_DEG = 10;

    /**
     * The check as the dashboard shows it ({@code type} "setup").
     *
     * @param found     samples are coming
     * @param still     the wearer is still now
     * @param measured  up was measured (still long enough at least once since the source started)
     * @param upright   the sensor is upright (null until measured)
     * @param offDeg    the clip's angle off the default alignment, whole degrees (null until measured)
     * @param lean      which way the clip leans when it leans more than {@link #NAMED_LEAN_DEG}: "left", "right",
     *                  "forward", "back", or null
     * @param pass      sensor found, measured, upright and no more than {@link #MAX_OFF_DEG} off
     * @param advice    one sentence: what was found, or what to do
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "found", "still", "measured", "upright", "off_deg", "max_off_deg", "lean", "pass", "advice",
            "time_s"})
    record Result(String type, boolean found, boolean still, boolean measured, Boolean upright, @JsonProperty("off_deg") Integer offDeg,
                  @JsonProperty("max_off_deg") double maxOffDeg, String lean, boolean pass, String advice,
                  @JsonProperty("time_s") double timeS) {}

    private boolean primed;
    private double lastS, ax, ay, az, rate;
    private double stillSinceS = Double.NaN;
    private boolean measured;
    private double upX, upY, upZ;
    private Result last = waiting();

    /** Before any sample: nothing found yet. */
    static Result waiting() {
        return new Result("setup", false, false, false, null, null, MAX_OFF_DEG, null, false,
                "No sensor data yet: switch the sensor on, or choose a source under ⚙ Controls.", 0);
    }

    /** One sample (the sensor as worn, after the axis remap); returns the check after it. */
    Result update(ImuSample s) {
        double gx = s.gyroDps().x(), gy = s.gyroDps().y(), gz = s.gyroDps().z();
        double r = Math.sqrt(gx * gx + gy * gy + gz * gz);
        if (!primed) {
            primed = true;
            ax = s.accG().x();
            ay = s.accG().y();
            az = s.accG().z();
            rate = r;
        } else {
            double dt = s.timeS() - lastS;
            double k = dt > 0 ? Math.min(1, dt / LOW_PASS_S) : 0;
            ax += k * (s.accG().x() - ax);
            ay += k * (s.accG().y() - ay);
            az += k * (s.accG().z() - az);
            rate += k * (r - rate);
        }
        lastS = s.timeS();
        double norm = Math.sqrt(ax * ax + ay * ay + az * az);
        boolean still = rate < STILL_RATE_DPS && Math.abs(norm - 1) < STILL_ACC_G;
        if (!still) stillSinceS = Double.NaN;
        else if (Double.isNaN(stillSinceS)) stillSinceS = s.timeS();
        if (still && s.timeS() - stillSinceS >= STILL_FOR_S && norm > 0) {
            measured = true;
            upX = ax / norm;
            upY = ay / norm;
            upZ = az / norm;
        }
        last = result(still, s.timeS());
        return last;
    }

    /** The check after the latest sample. */
    Result last() { return last; }

    private Result result(boolean still, double timeS) {
        if (!measured) {
            return new Result("setup", true, still, false, null, null, MAX_OFF_DEG, null, false,
                    "Sensor found. Stand still on the step, the pelvis level, for two seconds.", timeS);
        }
        double offDeg = Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, upY))));
        int off = (int) Math.round(offDeg);
        boolean upright = offDeg <= UPRIGHT_DEG;
        String lean = lean(offDeg);
        boolean pass = upright && offDeg <= MAX_OFF_DEG;
        String advice;
        if (upY < 0) {
            advice = "The sensor is upside down: turn it so that its y arrow points up.";
        } else if (!upright) {
            advice = "The sensor is not upright (about " + off + "° off): clip it on the back of the belt, its y arrow up, "
                    + "and stand up straight.";
        } else if (!pass) {
            advice = "The clip is about " + off + "° off" + (lean == null ? "" : ", leaning " + lean)
                    + ": straighten it (y arrow up, x arrow to your right) until it is less than " + (int) MAX_OFF_DEG + "° off.";
        } else {
            advice = "Sensor found, upright, clip about " + off + "° off: good.";
        }
        return new Result("setup", true, still, true, upright, off, MAX_OFF_DEG, lean, pass, advice, timeS);
    }

    /**
     * Which way the top of the clip leans. Up in the sensor frame has a +x part when the sensor's right side is
     * raised, that is its top leans to the wearer's left; a +z part (z points out of the back) when its top leans
     * forward, toward the body.
     */
    private String lean(double offDeg) {
        if (offDeg < NAMED_LEAN_DEG) return null;
        if (Math.abs(upX) >= Math.abs(upZ)) return upX > 0 ? "left" : "right";
        return upZ > 0 ? "forward" : "back";
    }
}
