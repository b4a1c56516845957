package org.hiphike.sim;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.hiphike.exercise.Side;

/**
 * A simulated session: who, with which sensor at which rate and mounting, doing what. Everything random
 * in the simulation (physiological motion phases, sensor errors) is drawn from {@code seed}, so a scenario
 * always gives the same recording.
 *
 * @param name       scenario name (a preset name or a description)
 * @param seed       seed of every random draw of the simulation
 * @param person     body geometry and involuntary motion
 * @param sensor     sensor error model
 * @param rateHz     nominal sample rate, hertz (50-200)
 * @param mount      the sensor's misalignment at the start (re-clipping changes it)
 * @param activities what happens, in order, from time 0
 * @param gaps       stretches with no samples at all (a lost link)
 */
@JsonPropertyOrder({"name", "seed", "rate_hz", "person", "sensor", "mount", "gaps", "activities"})
public record Scenario(
        String name,
        long seed,
        Person person,
        SensorModel sensor,
        @JsonProperty("rate_hz") double rateHz,
        Misalignment mount,
        List<Activity> activities,
        List<Gap> gaps) {

    /** Preset names accepted by {@link #preset}. */
    public static final List<String> PRESETS = List.of("clean-set", "knee-bend-set", "fast-short-set", "session",
            "cheap-dropouts", "long-session", "non-exercise", "sway", "random");

    /** Same-side sets must be further apart than the 20 s set rule; this leaves a margin. */
    static final double MIN_BETWEEN_SETS_S = 24;

    public Scenario {
        activities = List.copyOf(activities);
        gaps = List.copyOf(gaps);
        for (Activity a : activities) {
            if (!(a.durationS() > 0)) throw new IllegalArgumentException(a.kind() + " must last more than 0 s");
        }
        if (!(rateHz >= 1 && rateHz <= 2000)) throw new IllegalArgumentException("rate_hz must be 1-2000, got " + rateHz);
    }

    /** No samples from {@code startS} for {@code durationS} seconds. */
    public record Gap(@JsonProperty("start_s") double startS, @JsonProperty("duration_s") double durationS) {}

    /**
     * Overrides of a preset's defaults; null leaves the preset's choice.
     *
     * @param side        side of a single set, or of the first set of a session
     * @param reps        reps per set
     * @param sensor      sensor preset name
     * @param rateHz      sample rate, hertz
     * @param mountDeg    initial misalignment angle about a random axis, degrees
     * @param durationMin length of the long session, minutes
     */
    public record Options(Side side, Integer reps, String sensor, Double rateHz, Double mountDeg, Double durationMin) {
        public static final Options NONE = new Options(null, null, null, null, null, null);
    }

    /** This scenario with another sensor model. */
    public Scenario withSensor(SensorModel newSensor) {
        return new Scenario(name, seed, person, newSensor, rateHz, mount, activities, gaps);
    }

    /** This scenario at another sample rate, hertz. */
    public Scenario withRateHz(double newRateHz) {
        return new Scenario(name, seed, person, sensor, newRateHz, mount, activities, gaps);
    }

    /** This scenario with another initial misalignment. */
    public Scenario withMount(Misalignment newMount) {
        return new Scenario(name, seed, person, sensor, rateHz, newMount, activities, gaps);
    }

    /** This scenario with another seed (new sensor errors and involuntary motion; the plan stays). */
    public Scenario withSeed(long newSeed) {
        return new Scenario(name, newSeed, person, sensor, rateHz, mount, activities, gaps);
    }

    /** Seconds the whole plan lasts. */
    public double durationS() {
        double total = 0;
        for (Activity a : activities) total += a.durationS();
        return total;
    }

    /**
     * A named preset (see {@link #PRESETS}). For {@code random}, only the sensor, rate and mount options
     * apply (sides and reps are drawn).
     */
    public static Scenario preset(String name, long seed, Options options) {
        String key = name.toLowerCase(Locale.ROOT);
        SplittableRandom rng = new SplittableRandom(seed);
        Person person = Person.random(rng.split());
        Side side = options.side() != null ? options.side() : Side.LEFT;
        int reps = options.reps() != null ? options.reps() : 10;
        if (reps < 1 || reps > 100) throw new IllegalArgumentException("reps must be 1-100, got " + reps);
        SensorModel sensor = SensorModel.BMI270;
        double rate = 100;
        double mountMaxDeg = 5;
        List<Activity> plan = new ArrayList<>();
        List<Gap> gaps = new ArrayList<>();
        switch (key) {
            case "clean-set" -> plan.add(exercise(rng, side, reps, 0, 0, 0));
            case "knee-bend-set" -> plan.add(exercise(rng, side, reps, 0.4, 0, 0));
            case "fast-short-set" -> {
                if (options.side() == null) side = Side.RIGHT;
                plan.add(exercise(rng, side, reps, 0, 0.4, 0.4));
            }
            case "session" -> {
                plan.add(new Activity.Sway(2, 0.3));
                int sets = 4;
                for (int i = 0; i < sets; i++) {
                    Side s = i % 2 == 0 ? side : side.opposite();
                    plan.add(exercise(rng, s, reps, 0.1, 0.1, 0.1));
                    if (i < sets - 1) plan.addAll(betweenSets(rng, i == 1, true, s));
                }
            }
            case "cheap-dropouts" -> {
                sensor = SensorModel.CHEAP;
                rate = 50;
                mountMaxDeg = 10;
                plan.add(exercise(rng, side, reps, 0.1, 0.1, 0.1));
            }
            case "long-session" -> {
                double minutes = options.durationMin() != null ? options.durationMin() : 24;
                if (!(minutes > 0 && minutes <= 600)) throw new IllegalArgumentException("duration-min must be in (0, 600]");
                plan.add(new Activity.Sway(2, 0.3));
                Side s = side;
                double total = 2;
                int set = 0;
                while (total < minutes * 60) {
                    Activity.Exercise e = exercise(rng, s, reps, 0.15, 0.15, 0.15);
                    plan.add(e);
                    total += e.durationS();
                    if (total >= minutes * 60) break;
                    List<Activity> rest = set % 3 == 2 ? betweenSets(rng, set % 6 == 5, true, s) : restOnStep(rng);
                    plan.addAll(rest);
                    for (Activity a : rest) total += a.durationS();
                    s = s.opposite();
                    set++;
                }
            }
            case "non-exercise" -> plan.addAll(nonExerciseActivities(rng));
            case "sway" -> {
                plan.add(new Activity.Sway(30, Person.uniform(rng, 1.5, 2.5)));
                plan.add(new Activity.Sway(30, Person.uniform(rng, 1.5, 2.5)));
            }
            case "random" -> {
                Scenario r = random(seed);
                return new Scenario(r.name(), seed, r.person(),
                        options.sensor() != null ? SensorModel.preset(options.sensor()) : r.sensor(),
                        options.rateHz() != null ? options.rateHz() : r.rateHz(),
                        options.mountDeg() != null ? Misalignment.randomAxis(rng, options.mountDeg()) : r.mount(),
                        r.activities(), r.gaps());
            }
            default -> throw new IllegalArgumentException("unknown scenario '" + name + "' (known: "
                    + String.join(", ", PRESETS) + ")");
        }
        if (options.sensor() != null) sensor = SensorModel.preset(options.sensor());
        if (options.rateHz() != null) rate = options.rateHz();
        Misalignment mount = options.mountDeg() != null
                ? Misalignment.randomAxis(rng, options.mountDeg())
                : Misalignment.random(rng, mountMaxDeg);
        if (key.equals("cheap-dropouts")) {
            double total = 0;
            for (Activity a : plan) total += a.durationS();
            gaps.add(new Gap(Math.round(total * 0.4 * 10) / 10.0, 0.5));
        }
        return new Scenario(key, seed, person, sensor, rate, mount, plan, gaps);
    }

    /**
     * A random session over the documented ranges: 1-3 sets on both sides with 6-14 reps, each rep with a knee
     * bend, too fast a drop or a short hold with probability 0.15 each and a sag in its pause with probability 0.2;
     * a fifth of the sets at a rail, some with a sag just before the first rep; misalignment up to 30 degrees,
     * 50-200 Hz, any real sensor preset (an MPU-6050 anywhere in its datasheet envelope or at its limits, a phone);
     * non-exercise motion (squats and step-downs among it, sometimes a re-clip) between sets, and the first rep
     * of a set 1-4 s after stepping on.
     */
    public static Scenario random(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Person person = Person.random(rng.split());
        SensorModel sensor = SUITE_SENSORS.get(rng.nextInt(SUITE_SENSORS.size()));
        double rate = Math.round(Person.uniform(rng, 50, 200));
        Misalignment mount = Misalignment.random(rng, 30);
        int sets = 1 + rng.nextInt(3);
        Side side = rng.nextBoolean() ? Side.LEFT : Side.RIGHT;
        List<Activity> plan = new ArrayList<>();
        plan.add(new Activity.Sway(Person.uniform(rng, 1, 3), 0.3));
        for (int i = 0; i < sets; i++) {
            plan.add(exercise(rng, side, 6 + rng.nextInt(9), 0.15, 0.15, 0.15));
            if (i < sets - 1) plan.addAll(betweenSets(rng, rng.nextDouble() < 0.3, false, side));
            side = side.opposite();
        }
        plan.add(new Activity.Sway(Person.uniform(rng, 1, 3), 0.3));
        return new Scenario("random", seed, person, sensor, rate, mount, plan, List.of());
    }

    /**
     * The dashboard's demo: one person doing a prescription from start to end, on one sensor and one continuous
     * body. {@code sets} sets of {@code reps} reps (on each side when {@code sides} is "both" or null, alternating;
     * otherwise all on that side), the occasional fault (about one rep in twelve bends the knee, is lowered too fast
     * or held too short), a rest of {@code restS} standing on the step between sets on the same side, and stepping
     * off, walking round and stepping back on between sets on different sides. Ends standing after the last set.
     */
    public static Scenario demo(long seed, int sets, int reps, double restS, String sides) {
        if (sets < 1 || sets > 20 || reps < 1 || reps > 100) throw new IllegalArgumentException("sets 1-20 and reps 1-100 needed");
        SplittableRandom rng = new SplittableRandom(seed);
        Person person = Person.random(rng.split());
        boolean alternate = sides == null || "both".equals(sides);
        Side side = "right".equals(sides) ? Side.RIGHT : Side.LEFT;
        int total = alternate ? 2 * sets : sets;
        double rest = Math.max(restS, MIN_BETWEEN_SETS_S);
        List<Activity> plan = new ArrayList<>();
        plan.add(new Activity.Sway(3, 0.3));
        for (int i = 0; i < total; i++) {
            plan.add(exercise(rng, side, reps, DEMO_FAULT_P, DEMO_FAULT_P, DEMO_FAULT_P));
            if (i == total - 1) break;
            if (alternate) {
                List<Activity> round = betweenSets(rng, false, false, side);
                double d = 0;
                for (Activity a : round) d += a.durationS();
                plan.addAll(round);
                if (rest > d) plan.add(new Activity.Sway(rest - d, 0.3));
                side = side.opposite();
            } else {
                plan.add(new Activity.Sway(rest, 0.5));
            }
        }
        plan.add(new Activity.Sway(5, 0.3));
        return new Scenario("demo", seed, person, SensorModel.BMI270, 100, Misalignment.random(rng, 10), plan, List.of());
    }

    /** How often a demo rep has each fault: now and then, as a person who mostly does it right. */
    static final double DEMO_FAULT_P = 0.08;

    /** The sensors sessions of the suite are drawn from. */
    static final List<SensorModel> SUITE_SENSORS = List.of(SensorModel.BMI270, SensorModel.MPU6050,
            SensorModel.MPU6050_LIMITS, SensorModel.LSM6DSOX, SensorModel.CHEAP, SensorModel.PHONE);

    /** A session without any exercise: walking, turning, stepping, bending, squats, step-downs, knocks and sway; no reps. */
    public static Scenario nonExercise(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Person person = Person.random(rng.split());
        SensorModel sensor = SUITE_SENSORS.get(rng.nextInt(SUITE_SENSORS.size()));
        double rate = Math.round(Person.uniform(rng, 50, 200));
        Misalignment mount = Misalignment.random(rng, 30);
        return new Scenario("non-exercise", seed, person, sensor, rate, mount, nonExerciseActivities(rng), List.of());
    }

    /** One set of {@code reps} reps; each rep has each fault with the given probability. */
    public static Activity.Exercise exercise(SplittableRandom rng, Side side, int reps, double kneeBendP, double tooFastP,
                                      double shortHoldP) {
        boolean rail = rng.nextDouble() < 0.2;
        List<RepPlan> plans = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            RepPlan.Form form = new RepPlan.Form(rng.nextDouble() < kneeBendP, rng.nextDouble() < tooFastP,
                    rng.nextDouble() < shortHoldP, rail, i < reps - 1 && rng.nextDouble() < 0.2);
            plans.add(RepPlan.random(rng, form));
        }
        double settle = Person.uniform(rng, 1.0, 4.0);
        double leadSag = settle >= Activity.Exercise.LEAD_SAG_MIN_SETTLE_S && rng.nextDouble() < 0.3 ? Person.uniform(rng, 1.5, 2.5) : 0;
        return new Activity.Exercise(side, settle, Person.uniform(rng, -1.5, 1.5), plans, Person.uniform(rng, 1.5, 3),
                leadSag, rail);
    }

    /**
     * What happens between two sets, lasting more than {@link #MIN_BETWEEN_SETS_S}: a rest on the step (sometimes
     * a step-down on the set's side first), off the step, walk, turn round, (knock), (bend forward, probability
     * 0.4), (squats, probability 0.3), walk back, (re-clip), turn, back onto the step, and a second or so of
     * standing before the next set (its own settling follows).
     */
    public static List<Activity> betweenSets(SplittableRandom rng, boolean reclip, boolean knock, Side setSide) {
        List<Activity> tail = new ArrayList<>();
        if (rng.nextDouble() < 0.3) {
            tail.add(stepDown(rng, setSide));
            tail.add(new Activity.Sway(Person.uniform(rng, 1, 2), 0.3));
        }
        tail.add(stepOff(rng));
        tail.add(walk(rng));
        tail.add(new Activity.Turn(Person.uniform(rng, 1.5, 3), rng.nextBoolean() ? 180 : -180));
        if (knock) tail.add(knock(rng));
        if (rng.nextDouble() < 0.4) tail.add(new Activity.Bend(Person.uniform(rng, 2, 5), Person.uniform(rng, 30, 60)));
        if (rng.nextDouble() < 0.3) tail.add(squats(rng));
        tail.add(walk(rng));
        if (reclip) tail.add(new Activity.Reclip(Person.uniform(rng, 1, 3), Misalignment.random(rng, 30)));
        tail.add(new Activity.Turn(Person.uniform(rng, 1.5, 3), rng.nextBoolean() ? 180 : -180));
        tail.add(stepOn(rng));
        if (rng.nextDouble() < 0.5) tail.add(new Activity.Sway(Person.uniform(rng, 0.3, 1.5), 0.3));
        double total = 0;
        for (Activity a : tail) total += a.durationS();
        List<Activity> out = new ArrayList<>();
        out.add(new Activity.Sway(Math.max(Person.uniform(rng, 1.5, 3), MIN_BETWEEN_SETS_S - total + 2), 0.5));
        out.addAll(tail);
        return out;
    }

    /** {@link #betweenSets(SplittableRandom, boolean, boolean, Side)} after a left set. */
    public static List<Activity> betweenSets(SplittableRandom rng, boolean reclip, boolean knock) {
        return betweenSets(rng, reclip, knock, Side.LEFT);
    }

    /** A rest standing on the step, long enough to separate sets. */
    static List<Activity> restOnStep(SplittableRandom rng) {
        return List.of(new Activity.Sway(Person.uniform(rng, 30, 75), Person.uniform(rng, 0.3, 2.0)));
    }

    /** Sway, stepping off and on, walking, turning, knocks, bending, squats, step-downs: about 80-100 s without a rep. */
    public static List<Activity> nonExerciseActivities(SplittableRandom rng) {
        List<Activity> out = new ArrayList<>();
        out.add(new Activity.Sway(Person.uniform(rng, 2, 5), Person.uniform(rng, 1, 2.5)));
        out.add(stepOff(rng));
        for (int round = 0; round < 2; round++) {
            out.add(walk(rng));
            out.add(new Activity.Turn(Person.uniform(rng, 1.5, 3), rng.nextBoolean() ? 180 : -180));
            out.add(knock(rng));
            out.add(new Activity.Bend(Person.uniform(rng, 2, 5), Person.uniform(rng, 30, 60)));
            out.add(new Activity.Sway(Person.uniform(rng, 5, 10), Person.uniform(rng, 1.5, 2.5)));
            if (rng.nextDouble() < 0.5) out.add(squats(rng));
            out.add(walk(rng));
            out.add(stepOn(rng));
            out.add(new Activity.Sway(Person.uniform(rng, 3, 8), Person.uniform(rng, 1.5, 2.5)));
            if (rng.nextDouble() < 0.5) {
                out.add(stepDown(rng, rng.nextBoolean() ? Side.LEFT : Side.RIGHT));
                out.add(new Activity.Sway(Person.uniform(rng, 1, 3), 0.3));
            }
            out.add(knock(rng));
            out.add(stepOff(rng));
        }
        out.add(new Activity.Sway(Person.uniform(rng, 2, 5), 0.5));
        return out;
    }

    static Activity.Walk walk(SplittableRandom rng) {
        return new Activity.Walk(Person.uniform(rng, 4, 8), Person.uniform(rng, 1.0, 1.4), Person.uniform(rng, 1.6, 2.0),
                Person.uniform(rng, 0.02, 0.03), Person.uniform(rng, 3, 6));
    }

    static Activity.StepOff stepOff(SplittableRandom rng) {
        return new Activity.StepOff(Person.uniform(rng, 0.8, 1.4), Person.uniform(rng, 0.15, 0.2), Person.uniform(rng, 0.2, 0.4));
    }

    static Activity.Squat squats(SplittableRandom rng) {
        int count = 1 + rng.nextInt(3);
        return new Activity.Squat(count * Person.uniform(rng, 2, 4), count, Person.uniform(rng, 0.15, 0.3),
                Person.uniform(rng, 12, 18), Person.uniform(rng, -1.5, 1.5));
    }

    static Activity.StepDown stepDown(SplittableRandom rng, Side side) {
        return new Activity.StepDown(Person.uniform(rng, 2, 3.5), side, Person.uniform(rng, 0.08, 0.15),
                Person.uniform(rng, 2, 8), Person.uniform(rng, 5, 10), Person.uniform(rng, 10, 25));
    }

    static Activity.StepOn stepOn(SplittableRandom rng) {
        return new Activity.StepOn(Person.uniform(rng, 0.8, 1.4), Person.uniform(rng, 0.15, 0.2), Person.uniform(rng, 0.2, 0.4));
    }

    static Activity.Knock knock(SplittableRandom rng) {
        return new Activity.Knock(1.0, 0.4, Person.uniform(rng, 0.01, 0.03), Person.uniform(rng, 2, 5),
                Person.uniform(rng, 100, 400));
    }
}
