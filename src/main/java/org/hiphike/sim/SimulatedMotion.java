package org.hiphike.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hiphike.core.Vec3;
import org.hiphike.exercise.Side;

/**
 * The continuous motion of a {@link Scenario}: pelvis and sensor poses as smooth functions of time, and the
 * truth signals (drop angle, support-hip sink) measured from them. World frame: X = right of the initial
 * heading, Y = up, Z = backward. Pelvis frame: x = right, y = up, z = backward, origin at the pelvis centre.
 *
 * <p>Pelvis pose: {@code R_b = Ry(heading + yaw) · Rx(pitch) · Rz(roll)} about the pelvis centre at
 * {@code P_b}, then the drop: a rotation {@code Rz(±drop)} about the support hip joint {@code J = (±d, −h, 0)},
 * so {@code R = R_b · Rz(±drop)}, {@code P = P_b + R_b (J − Rz(±drop) J)}. Sensor pose: the pelvis pose, then
 * the lever arm {@code (0, up, back)} and the mounting rotation.
 */
public final class SimulatedMotion {

    /** Body state of one instant before the involuntary motion is added; angles in radians. */
    record State(Vec3 positionM, double headingRad, double pitchRad, double rollRad, double yawRad,
                 double dropRad, double supportSign) {
        static State rest(Vec3 positionM, double headingRad) {
            return new State(positionM, headingRad, 0, 0, 0, 0, 1);
        }
    }

    /** An activity placed on the time line with the rest state it starts from. */
    record Segment(Activity activity, double startS, State start, double phaseA, double phaseB, double frequencyHz) {
        double endS() { return startS + activity.durationS(); }
    }

    /** A knock of the sensor: pulse displacement and rotation relative to the pelvis. */
    record KnockPulse(double startS, double pulseS, Vec3 displacementM, Vec3 axis, double angleRad) {}

    /** A mounting change: during [startS, startS + durationS] the sensor is handled. */
    record MountChange(double startS, double durationS, Misalignment from, Misalignment to, Vec3 wobbleAxisA,
                       Vec3 wobbleAxisB) {}

    /** Sums of sinusoids with random phases. */
    record Wobble(double[] amplitude, double[] frequencyHz, double[] phaseRad) {
        double at(double timeS) {
            double sum = 0;
            for (int i = 0; i < amplitude.length; i++) {
                sum += amplitude[i] * Math.sin(2 * Math.PI * frequencyHz[i] * timeS + phaseRad[i]);
            }
            return sum;
        }

        static Wobble random(SplittableRandom rng, double totalAmplitude, double lowHz, double highHz, int count) {
            double[] a = new double[count], f = new double[count], p = new double[count];
            for (int i = 0; i < count; i++) {
                a[i] = totalAmplitude / count * Person.uniform(rng, 0.6, 1.4);
                f[i] = Person.uniform(rng, lowHz, highHz);
                p[i] = 2 * Math.PI * rng.nextDouble();
            }
            return new Wobble(a, f, p);
        }
    }

    private final Scenario scenario;
    private final Person person;
    private final Segment[] segments;
    private final double[] segmentStartS;
    private final List<KnockPulse> knocks;
    private final List<MountChange> mountChanges;
    private final Wobble rollWobble, pitchWobble, yawWobble, swayX, swayZ, breathPitch, breathRise, tremorRoll,
            tremorPitch, tremorYaw;
    private final Vec3 leverArmM;

    private SimulatedMotion(Scenario scenario) {
        this.scenario = scenario;
        this.person = scenario.person();
        SplittableRandom rng = new SplittableRandom(scenario.seed() ^ 0x6d6f74696f6eL);
        Person p = person;
        double sway = Math.toRadians(p.swayDeg());
        rollWobble = Wobble.random(rng, sway, 0.05, 0.5, 3);
        pitchWobble = Wobble.random(rng, sway, 0.05, 0.5, 3);
        yawWobble = Wobble.random(rng, sway, 0.05, 0.5, 3);
        swayX = Wobble.random(rng, p.swayM(), 0.05, 0.4, 3);
        swayZ = Wobble.random(rng, p.swayM(), 0.05, 0.4, 3);
        double bp = 2 * Math.PI * rng.nextDouble();
        breathPitch = new Wobble(new double[] {Math.toRadians(p.breathingPitchDeg()), Math.toRadians(p.breathingPitchDeg()) * 0.25},
                new double[] {p.breathingHz(), 2 * p.breathingHz()}, new double[] {bp, 2 * Math.PI * rng.nextDouble()});
        breathRise = new Wobble(new double[] {p.breathingRiseM()}, new double[] {p.breathingHz()}, new double[] {bp + 0.5});
        double tremor = Math.toRadians(p.tremorDeg());
        tremorRoll = Wobble.random(rng, tremor, p.tremorHz() - 0.5, p.tremorHz() + 0.5, 2);
        tremorPitch = Wobble.random(rng, tremor, p.tremorHz() - 0.5, p.tremorHz() + 0.5, 2);
        tremorYaw = Wobble.random(rng, tremor, p.tremorHz() - 0.5, p.tremorHz() + 0.5, 2);
        leverArmM = new Vec3(0, p.leverUpM(), p.leverBackM());

        List<Activity> plan = scenario.activities();
        segments = new Segment[plan.size()];
        segmentStartS = new double[plan.size()];
        knocks = new ArrayList<>();
        mountChanges = new ArrayList<>();
        State state = State.rest(new Vec3(0, p.pelvisHeightM() + 0.18, 0), 0);
        Misalignment mount = scenario.mount();
        double t = 0;
        for (int i = 0; i < plan.size(); i++) {
            Activity a = plan.get(i);
            Segment seg = new Segment(a, t, state, 2 * Math.PI * rng.nextDouble(), 2 * Math.PI * rng.nextDouble(),
                    Person.uniform(rng, 0.1, 0.25));
            segments[i] = seg;
            segmentStartS[i] = t;
            if (a instanceof Activity.Knock k) {
                Vec3 direction = new Vec3(Person.uniform(rng, -0.4, 0.4), Person.uniform(rng, -0.4, 0.4), 1).unit();
                double w = 4 * Math.PI / k.pulseS();
                double amplitude = k.accG() * Kinematics.STANDARD_GRAVITY / (w * w);
                double angle = Math.toRadians(k.gyroDps()) / w;
                knocks.add(new KnockPulse(t + k.atS(), k.pulseS(), direction.times(amplitude),
                        Misalignment.randomAxis(rng, 1).axis(), angle));
            }
            if (a instanceof Activity.Reclip r) {
                mountChanges.add(new MountChange(t, r.durationS(), mount, r.mount(),
                        Misalignment.randomAxis(rng, 1).axis(), Misalignment.randomAxis(rng, 1).axis()));
                mount = r.mount();
            }
            t += a.durationS();
            state = stateIn(seg, a.durationS());
            state = State.rest(state.positionM(), state.headingRad());
        }
    }

    /** The motion of a scenario. */
    public static SimulatedMotion of(Scenario scenario) {
        return new SimulatedMotion(scenario);
    }

    public Scenario scenario() { return scenario; }

    public double durationS() {
        return segments.length == 0 ? 0 : segments[segments.length - 1].endS();
    }

    /** The sensor's lever arm from the pelvis centre, pelvis frame, metres. */
    public Vec3 leverArmM() { return leverArmM; }

    /** The activities with their start and end times, seconds. */
    public List<MotionEvent> events() {
        List<MotionEvent> out = new ArrayList<>();
        for (Segment s : segments) {
            if (s.activity() instanceof Activity.Knock k) {
                out.add(new MotionEvent("knock", s.startS() + k.atS(), s.startS() + k.atS() + k.pulseS()));
            } else {
                out.add(new MotionEvent(s.activity().kind(), s.startS(), s.endS()));
            }
        }
        return out;
    }

    /** The mount in force from each time on: [{from_s, axis, angle_deg}], for the truth file. */
    public List<java.util.Map<String, Object>> mountHistory() {
        List<java.util.Map<String, Object>> out = new ArrayList<>();
        out.add(mountEntry(0, scenario.mount()));
        for (MountChange m : mountChanges) out.add(mountEntry(m.startS() + m.durationS(), m.to()));
        return out;
    }

    private static java.util.Map<String, Object> mountEntry(double fromS, Misalignment m) {
        java.util.Map<String, Object> e = new java.util.LinkedHashMap<>();
        e.put("from_s", fromS);
        e.put("axis", Simulator.list(m.axis()));
        e.put("angle_deg", m.angleDeg());
        return e;
    }

    int segmentIndexAt(double timeS) {
        int lo = 0, hi = segments.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (segmentStartS[mid] <= timeS) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    /** The exercise segments in time order with their start times. */
    List<Segment> exerciseSegments() {
        List<Segment> out = new ArrayList<>();
        for (Segment s : segments) if (s.activity() instanceof Activity.Exercise) out.add(s);
        return out;
    }

    /** Body state (without involuntary motion) at {@code timeS}; before 0 and after the end it is held. */
    State stateAt(double timeS) {
        if (segments.length == 0) return State.rest(new Vec3(0, person.pelvisHeightM(), 0), 0);
        Segment seg = segments[segmentIndexAt(timeS)];
        double tau = Math.max(0, Math.min(timeS - seg.startS(), seg.activity().durationS()));
        return stateIn(seg, tau);
    }

    private static Vec3 forward(double headingRad) { return new Vec3(-Math.sin(headingRad), 0, -Math.cos(headingRad)); }

    private static Vec3 right(double headingRad) { return new Vec3(Math.cos(headingRad), 0, -Math.sin(headingRad)); }

    private State stateIn(Segment seg, double tau) {
        State s0 = seg.start();
        Vec3 p0 = s0.positionM();
        double psi = s0.headingRad();
        Activity a = seg.activity();
        double duration = a.durationS();
        if (a instanceof Activity.Sway sw) {
            // A posture sways in and out over a cycle: it does not swing at its full excursion a second after
            // standing up or stepping on.
            double w = Smooth.window(tau, duration, 1.0 / seg.frequencyHz());
            double roll = Math.toRadians(sw.excursionDeg()) * w * Math.sin(2 * Math.PI * seg.frequencyHz() * tau + seg.phaseA());
            double pitch = 0.3 * Math.toRadians(sw.excursionDeg()) * w
                    * Math.sin(2 * Math.PI * 0.7 * seg.frequencyHz() * tau + seg.phaseB());
            return new State(p0, psi, pitch, roll, 0, 0, 1);
        }
        if (a instanceof Activity.Walk wk) {
            double ramp = 0.8;
            double distance = wk.speedMps() * ramp * (Smooth.stepIntegral(tau / ramp)
                    - Smooth.stepIntegral((tau - duration + ramp) / ramp));
            double env = Smooth.window(tau, duration, ramp);
            double step = 2 * Math.PI * wk.stepHz() * tau;
            double stride = step / 2;
            distance += 0.015 * env * Math.sin(step + 0.5);
            Vec3 pos = p0.plus(forward(psi).times(distance))
                    .plus(right(psi).times(0.02 * env * Math.sin(stride)))
                    .plus(new Vec3(0, wk.bobM() * env * Math.sin(step), 0));
            double roll = Math.toRadians(wk.obliquityDeg()) * env * Math.sin(stride);
            double pitch = Math.toRadians(2) * env * Math.sin(step + 1);
            double yaw = Math.toRadians(5) * env * Math.cos(stride);
            return new State(pos, psi, pitch, roll, yaw, 0, 1);
        }
        if (a instanceof Activity.Turn tn) {
            double env = Smooth.window(tau, duration, 0.3);
            double heading = psi + Math.toRadians(tn.angleDeg()) * Smooth.step(tau / duration);
            Vec3 pos = p0.plus(new Vec3(0, 0.01 * env * Math.sin(2 * Math.PI * 1.8 * tau), 0));
            double roll = Math.toRadians(2) * env * Math.sin(Math.PI * 1.8 * tau);
            return new State(pos, heading, 0, roll, 0, 0, 1);
        }
        if (a instanceof Activity.StepOff so) {
            double x = tau / duration;
            Vec3 pos = p0.plus(forward(psi).times(so.forwardM() * Smooth.step(x)))
                    .plus(new Vec3(0, -so.heightM() * Smooth.step((x - 0.15) / 0.85), 0));
            return new State(pos, psi, Math.toRadians(-6) * Smooth.bump(x), Math.toRadians(4) * Smooth.bump(x), 0, 0, 1);
        }
        if (a instanceof Activity.StepOn so) {
            double x = tau / duration;
            Vec3 pos = p0.plus(forward(psi).times(so.forwardM() * Smooth.step(x)))
                    .plus(new Vec3(0, so.heightM() * Smooth.step(x / 0.85), 0));
            return new State(pos, psi, Math.toRadians(-8) * Smooth.bump(x), Math.toRadians(-4) * Smooth.bump(x), 0, 0, 1);
        }
        if (a instanceof Activity.Bend bd) {
            double q = Smooth.step(tau / (0.4 * duration)) - Smooth.step((tau - 0.6 * duration) / (0.4 * duration));
            Vec3 pos = p0.plus(forward(psi).times(-0.10 * q)).plus(new Vec3(0, -0.04 * q, 0));
            return new State(pos, psi, -Math.toRadians(bd.pitchDeg()) * q, 0, 0, 0, 1);
        }
        if (a instanceof Activity.Exercise ex) {
            return exerciseState(ex, p0, psi, tau);
        }
        if (a instanceof Activity.Squat sq) {
            double each = duration / sq.count();
            double x = (tau % each) / each;
            double q = Smooth.step(x / 0.4) - Smooth.step((x - 0.6) / 0.4); // down in 40 %, 20 % at the bottom, up
            Vec3 pos = p0.plus(forward(psi).times(-0.12 * q)).plus(new Vec3(0, -sq.sinkM() * q, 0));
            return new State(pos, psi, -Math.toRadians(sq.pitchDeg()) * q, Math.toRadians(sq.rollDeg()) * q, 0, 0, 1);
        }
        if (a instanceof Activity.StepDown sd) {
            double x = tau / duration;
            double q = Smooth.step(x / 0.45) - Smooth.step((x - 0.55) / 0.45); // the foot goes down and comes back
            double sign = sd.side() == Side.LEFT ? 1 : -1;
            Vec3 pos = p0.plus(new Vec3(0, -sd.sinkM() * q, 0));
            return new State(pos, psi, -Math.toRadians(sd.pitchDeg()) * q, 0, sign * Math.toRadians(sd.twistDeg()) * q,
                    sign * Math.toRadians(sd.dropDeg()) * q, sign);
        }
        // Knock and Reclip: the body stands still; the sensor moves (see sensorPose).
        return s0;
    }

    private State exerciseState(Activity.Exercise ex, Vec3 p0, double psi, double tau) {
        double duration = ex.durationS();
        double offset = Math.toRadians(ex.levelObliquityDeg())
                * Smooth.step(tau / 1.0) * (1 - Smooth.step((tau - (duration - 1.0)) / 1.0));
        double sign = ex.side() == Side.LEFT ? 1 : -1;
        double repStart = ex.settleS();
        double dropDeg = ex.leadSagAt(tau), sinkCm = 0;
        for (RepPlan r : ex.reps()) {
            double end = repStart + r.durationS();
            if (tau < end) {
                double local = tau - repStart;
                if (local > 0) {
                    dropDeg = r.dropDegAt(local);
                    sinkCm = r.sinkCm() * r.progress(local);
                }
                break;
            }
            repStart = end;
        }
        double pitch = -Math.toRadians(person.kneeTiltDegPerCm() * sinkCm);
        Vec3 pos = p0.plus(new Vec3(0, -sinkCm / 100, 0));
        return new State(pos, psi, pitch, sign * offset, 0, sign * Math.toRadians(dropDeg), sign);
    }

    /** Support hip joint in the pelvis frame for a state: (±d, −h, 0), right hip when supportSign = +1. */
    private Vec3 supportJoint(State s) {
        return new Vec3(s.supportSign() * person.hipHalfWidthM(), -person.hipJointBelowM(), 0);
    }

    /** How much of the postural sway remains while the wearer holds a rail. */
    static final double RAIL_SWAY = 1.0 / 3;

    /** The share of postural sway at {@code timeS}: less at a rail, taken and let go over a second. */
    private double swayFactor(double timeS) {
        if (segments.length == 0) return 1;
        Segment seg = segments[segmentIndexAt(timeS)];
        if (!(seg.activity() instanceof Activity.Exercise ex) || !ex.rail()) return 1;
        double w = Smooth.window(timeS - seg.startS(), ex.durationS(), 1.0);
        return 1 - (1 - RAIL_SWAY) * w;
    }

    /** The pelvis base rotation and centre (before the drop) of a state with the given involuntary motion. */
    private Pose basePose(State s, double timeS, boolean involuntary) {
        double roll = s.rollRad(), pitch = s.pitchRad(), yaw = s.yawRad();
        Vec3 pos = s.positionM();
        if (involuntary) {
            double sway = swayFactor(timeS); // a hand on a rail steadies the posture
            roll += sway * rollWobble.at(timeS) + tremorRoll.at(timeS);
            pitch += sway * pitchWobble.at(timeS) + breathPitch.at(timeS) + tremorPitch.at(timeS);
            yaw += sway * yawWobble.at(timeS) + tremorYaw.at(timeS);
            Vec3 swayLocal = new Vec3(swayX.at(timeS), breathRise.at(timeS), swayZ.at(timeS));
            pos = pos.plus(Mat3.rotY(s.headingRad()).times(swayLocal));
        }
        Mat3 r = Mat3.rotY(s.headingRad() + yaw).times(Mat3.rotX(pitch)).times(Mat3.rotZ(roll));
        return new Pose(r, pos);
    }

    private Pose pelvisFromState(State s, double timeS, boolean involuntary) {
        Pose base = basePose(s, timeS, involuntary);
        if (s.dropRad() == 0) return base;
        Vec3 joint = supportJoint(s);
        Mat3 drop = Mat3.rotZ(s.dropRad());
        Vec3 shift = joint.minus(drop.times(joint));
        return new Pose(base.rotation().times(drop), base.positionM().plus(base.rotation().times(shift)));
    }

    /** The pelvis pose at {@code timeS}, all motion included. */
    public Pose pelvisPose(double timeS) {
        return pelvisFromState(stateAt(timeS), timeS, true);
    }

    /** The sensor pose at {@code timeS}: pelvis, lever arm, mounting (with handling and knocks). */
    public Pose sensorPose(double timeS) {
        Pose pelvis = pelvisPose(timeS);
        Vec3 offset = leverArmM;
        Mat3 mount = mountAt(timeS);
        for (MountChange m : mountChanges) {
            if (timeS > m.startS() && timeS < m.startS() + m.durationS()) {
                double x = (timeS - m.startS()) / m.durationS();
                double b = Smooth.bump(x);
                offset = offset.plus(new Vec3(0, 0.06 * b, 0.05 * b));
            }
        }
        for (KnockPulse k : knocks) {
            double x = (timeS - k.startS()) / k.pulseS();
            if (x > 0 && x < 1) {
                double shape = Smooth.bump(x) * Math.sin(4 * Math.PI * x);
                offset = offset.plus(k.displacementM().times(shape));
                mount = mount.times(Mat3.axisAngle(k.axis(), k.angleRad() * shape));
            }
        }
        return pelvis.compose(offset, mount);
    }

    /** Sensor-to-pelvis rotation at {@code timeS}, moving smoothly from the old to the new one while re-clipping. */
    Mat3 mountAt(double timeS) {
        Misalignment current = scenario.mount();
        for (MountChange m : mountChanges) {
            if (timeS <= m.startS()) break;
            if (timeS >= m.startS() + m.durationS()) {
                current = m.to();
                continue;
            }
            double x = (timeS - m.startS()) / m.durationS();
            double s = Smooth.step(x);
            double b = Smooth.bump(x);
            return Mat3.axisAngle(m.from().axis(), Math.toRadians(m.from().angleDeg()) * (1 - s))
                    .times(Mat3.axisAngle(m.to().axis(), Math.toRadians(m.to().angleDeg()) * s))
                    .times(Mat3.axisAngle(m.wobbleAxisA(), Math.toRadians(40) * b))
                    .times(Mat3.axisAngle(m.wobbleAxisB(), Math.toRadians(20) * b * Math.sin(3 * Math.PI * x)));
        }
        return current.matrix();
    }

    /** Ideal readings of the sensor at {@code timeS}. */
    public Kinematics.Reading idealReading(double timeS) {
        return Kinematics.reading(this::sensorPose, timeS);
    }

    // ---- truth ----

    /** The level posture of an exercise segment: its state at the end of settling, without involuntary motion. */
    State levelState(Segment seg) {
        Activity.Exercise ex = (Activity.Exercise) seg.activity();
        return exerciseState(ex, seg.start().positionM(), seg.start().headingRad(), ex.settleS());
    }

    /** Pelvic obliquity asin(x̂_p · Ŷ) of a pose, radians (positive = right side up). */
    static double obliquityRad(Pose pelvis) {
        return Math.asin(Math.max(-1, Math.min(1, pelvis.rotation().columnX().y())));
    }

    /** Height of the support hip joint of a state, world Y, metres. */
    double supportJointHeightM(State s, double timeS, boolean involuntary) {
        Pose base = basePose(s, timeS, involuntary);
        return base.positionM().plus(base.rotation().times(supportJoint(s))).y();
    }

    /**
     * Truth drop angle in degrees at {@code timeS} if it falls in an exercise segment, else NaN:
     * {@code s · [asin(x̂_p · Ŷ) − asin(x̂_p,level · Ŷ)]}, s = +1 for a left set, −1 for a right set.
     */
    public double truthDropDeg(double timeS) {
        Segment seg = segments.length == 0 ? null : segments[segmentIndexAt(timeS)];
        if (seg == null || !(seg.activity() instanceof Activity.Exercise) || timeS < seg.startS() || timeS > seg.endS()) {
            return Double.NaN;
        }
        return truthDropDeg(seg, timeS);
    }

    double truthDropDeg(Segment seg, double timeS) {
        Activity.Exercise ex = (Activity.Exercise) seg.activity();
        double sign = ex.side() == Side.LEFT ? 1 : -1;
        double level = obliquityRad(pelvisFromState(levelState(seg), timeS, false));
        return sign * Math.toDegrees(obliquityRad(pelvisPose(timeS)) - level);
    }

    /** Sink of the support hip joint below its level-posture height at {@code timeS}, centimetres. */
    double truthSinkCm(Segment seg, double timeS) {
        double level = supportJointHeightM(levelState(seg), timeS, false);
        State s = stateAt(timeS);
        Activity.Exercise ex = (Activity.Exercise) seg.activity();
        State withSupport = new State(s.positionM(), s.headingRad(), s.pitchRad(), s.rollRad(), s.yawRad(), s.dropRad(),
                ex.side() == Side.LEFT ? 1 : -1);
        return 100 * (level - supportJointHeightM(withSupport, timeS, true));
    }
}
