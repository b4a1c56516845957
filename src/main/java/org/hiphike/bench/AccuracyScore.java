package org.hiphike.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hiphike.exercise.ExerciseSet;
import org.hiphike.exercise.Fault;
import org.hiphike.exercise.Rep;

/**
 * Scores measured reps against truth, accumulating over many recordings.
 *
 * <p>A measured rep matches a true rep of the same side whose hold (from the end of lowering to
 * the start of raising) contains the measured bottom; each true rep matches at most once. A set
 * is counted exactly when the measured reps that fall inside the true set's time span equal its
 * true rep count. Faults are scored over all reps: a fault on an unmatched measured rep is a false
 * positive, on an unmatched true rep a false negative; a fault the truth marks as too close to its
 * threshold to call is not scored on that rep. Reps measured during non-exercise motion
 * are measured reps that match nothing and overlap a non-exercise interval.
 */
public final class AccuracyScore {
    /** A stretch of time that is not the exercise (walking, turning, stepping, bending, knocks). */
    public record Interval(double startS, double endS) {}

    private int sets, setsExact, trueReps, measuredReps, matched, nonExerciseReps, recordings, nonExerciseRecordings;
    private int stepDownCount, stepDownsAsKneeBend, stepDownsAsCleanReps;
    private final List<Double> peakErrors = new ArrayList<>(), holdErrors = new ArrayList<>(),
            kneeErrors = new ArrayList<>(), startErrors = new ArrayList<>(), lowerErrors = new ArrayList<>();
    private final Map<Fault, int[]> faultCounts = new EnumMap<>(Fault.class); // tp, fp, fn
    private final List<String> misses = new ArrayList<>();

    public AccuracyScore() {
        for (Fault f : Fault.values()) faultCounts.put(f, new int[3]);
    }

    /** Adds one recording's result. */
    public void add(String name, List<Rep> measured, List<Rep> truth, List<ExerciseSet> truthSets, List<Interval> nonExercise) {
        add(name, measured, truth, truthSets, nonExercise, java.util.Collections.nCopies(truth.size(), java.util.Set.of()));
    }

    /**
     * Adds one recording's result; {@code tooClose} holds, per truth rep, the faults too close to their
     * threshold to call, which count neither as found nor as missed.
     */
    public void add(String name, List<Rep> measured, List<Rep> truth, List<ExerciseSet> truthSets, List<Interval> nonExercise,
            List<java.util.Set<Fault>> tooClose) {
        add(name, measured, truth, truthSets, nonExercise, tooClose, List.of());
    }

    /**
     * Adds one recording's result, with step-downs: the knee-bend mistake at its largest, which must be judged, not
     * discarded. A measured rep over a step-down is right when it has {@code knee_bend} (it is then neither an extra
     * rep nor one during non-exercise motion); without it, it counts as a rep during non-exercise motion.
     */
    public void add(String name, List<Rep> measured, List<Rep> truth, List<ExerciseSet> truthSets, List<Interval> nonExercise,
            List<java.util.Set<Fault>> tooClose, List<Interval> stepDowns) {
        stepDownCount += stepDowns.size();
        List<Rep> kept = new ArrayList<>(measured.size());
        for (Rep m : measured) {
            boolean overStepDown = stepDowns.stream().anyMatch(iv -> m.endS() > iv.startS() && m.startS() < iv.endS());
            if (!overStepDown) {
                kept.add(m);
            } else if (m.has(Fault.KNEE_BEND)) {
                stepDownsAsKneeBend++;
            } else {
                nonExerciseReps++;
                stepDownsAsCleanReps++;
                misses.add(String.format(Locale.ROOT, "%s: step-down at %.2f s counted as a rep without knee_bend (peak %.1f)",
                        name, m.bottomS(), m.peakDropDeg()));
            }
        }
        measured = kept;
        recordings++;
        if (truth.isEmpty()) nonExerciseRecordings++;
        trueReps += truth.size();
        measuredReps += measured.size();
        boolean[] used = new boolean[truth.size()];
        int[] matchOf = new int[measured.size()];
        Arrays.fill(matchOf, -1);
        for (int i = 0; i < measured.size(); i++) {
            Rep m = measured.get(i);
            for (int j = 0; j < truth.size(); j++) {
                Rep t = truth.get(j);
                if (used[j] || t.side() != m.side()) continue;
                double holdStart = t.startS() + t.lowerS(), holdEnd = t.endS() - t.raiseS();
                if (m.bottomS() >= holdStart - 1e-6 && m.bottomS() <= holdEnd + 1e-6) {
                    used[j] = true;
                    matchOf[i] = j;
                    break;
                }
            }
        }
        for (int i = 0; i < measured.size(); i++) {
            Rep m = measured.get(i);
            int j = matchOf[i];
            if (j < 0) {
                boolean duringNonExercise = nonExercise.stream().anyMatch(iv -> m.endS() > iv.startS() && m.startS() < iv.endS());
                if (duringNonExercise || truth.isEmpty()) nonExerciseReps++;
                misses.add(String.format(Locale.ROOT, "%s: extra %s rep at %.2f s (peak %.1f)%s", name, m.side().jsonName(),
                        m.bottomS(), m.peakDropDeg(), duringNonExercise ? " during non-exercise motion" : ""));
                for (Fault f : m.faults()) faultCounts.get(f)[1]++;
                continue;
            }
            Rep t = truth.get(j);
            matched++;
            peakErrors.add(Math.abs(m.peakDropDeg() - t.peakDropDeg()));
            holdErrors.add(Math.abs(m.holdS() - t.holdS()));
            kneeErrors.add(Math.abs(m.kneeDropCm() - t.kneeDropCm()));
            startErrors.add(Math.abs(m.startS() - t.startS()));
            lowerErrors.add(Math.abs(m.lowerS() - t.lowerS()));
            for (Fault f : Fault.values()) {
                if (tooClose.get(j).contains(f)) continue;
                boolean inM = m.has(f), inT = t.has(f);
                if (inM && inT) faultCounts.get(f)[0]++;
                else if (inM) faultCounts.get(f)[1]++;
                else if (inT) faultCounts.get(f)[2]++;
                if (f == Fault.KNEE_BEND && inM != inT) {
                    misses.add(String.format(Locale.ROOT, "%s: %s rep at %.2f s (peak %.1f) %s knee_bend: knee sink %.1f cm measured, %.1f cm true",
                            name, m.side().jsonName(), m.bottomS(), m.peakDropDeg(), inM ? "given" : "without", m.kneeDropCm(), t.kneeDropCm()));
                }
            }
        }
        for (int j = 0; j < truth.size(); j++) {
            if (used[j]) continue;
            Rep t = truth.get(j);
            misses.add(String.format(Locale.ROOT, "%s: missed %s rep at %.2f s (peak %.1f, hold %.2f)", name, t.side().jsonName(),
                    t.bottomS(), t.peakDropDeg(), t.holdS()));
            for (Fault f : t.faults()) if (!tooClose.get(j).contains(f)) faultCounts.get(f)[2]++;
        }
        for (ExerciseSet set : truthSets) {
            sets++;
            long inside = measured.stream().filter(m -> m.side() == set.side()
                    && m.bottomS() >= set.startS() && m.bottomS() <= set.endS()).count();
            if (inside == set.repCount()) setsExact++;
            else misses.add(String.format(Locale.ROOT, "%s: set %d (%s, %.1f-%.1f s) counted %d of %d", name, set.index(),
                    set.side().jsonName(), set.startS(), set.endS(), inside, set.repCount()));
        }
    }

    public int sets() { return sets; }
    public int recordings() { return recordings; }
    public double countExactFraction() { return sets == 0 ? 1 : (double) setsExact / sets; }
    public double precision() { return measuredReps == 0 ? 1 : (double) matched / measuredReps; }
    public double recall() { return trueReps == 0 ? 1 : (double) matched / trueReps; }
    public double peakErrorMedianDeg() { return percentile(peakErrors, 50); }
    public double peakErrorP95Deg() { return percentile(peakErrors, 95); }
    public double holdErrorMedianS() { return percentile(holdErrors, 50); }
    public double holdErrorP95S() { return percentile(holdErrors, 95); }
    public double kneeErrorMedianCm() { return percentile(kneeErrors, 50); }
    public double kneeErrorP95Cm() { return percentile(kneeErrors, 95); }
    public int nonExerciseReps() { return nonExerciseReps; }
    public List<String> misses() { return List.copyOf(misses); }

    /** F1 of a fault; 1 when neither truth nor measurement has it. */
    public double f1(Fault f) {
        int[] c = faultCounts.get(f);
        int denominator = 2 * c[0] + c[1] + c[2];
        return denominator == 0 ? 1 : 2.0 * c[0] / denominator;
    }

    /** The truth count of a fault (true positives plus false negatives). */
    /**
     * Whether the fault was seen at all, in the truth or measured: {@code too_shallow} needs a prescribed depth,
     * which the simulated sessions have none of, so its F1 says nothing and is not shown.
     */
    boolean judged(Fault f) {
        int[] c = faultCounts.get(f);
        return c[0] + c[1] + c[2] > 0;
    }

    public int truthCount(Fault f) { return faultCounts.get(f)[0] + faultCounts.get(f)[2]; }

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) return 0;
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double rank = p / 100 * (v.length - 1);
        int lo = (int) Math.floor(rank), hi = (int) Math.ceil(rank);
        return v[lo] + (v[hi] - v[lo]) * (rank - lo);
    }

    /** The figures of several scores side by side, one column each, with the targets last. */
    public static String sideBySide(List<String> names, List<AccuracyScore> scores) {
        StringBuilder sb = new StringBuilder();
        String head = String.format(Locale.ROOT, "%-34s", "figure");
        for (String n : names) head += String.format(Locale.ROOT, " %17s", n);
        sb.append(head).append(String.format(Locale.ROOT, " %s%n", "  target"));
        sideRow(sb, "recordings / sets / true reps", scores, s -> s.recordings + "/" + s.sets + "/" + s.trueReps, "");
        sideRow(sb, "sets counted exactly", scores, s -> pct(s.countExactFraction()), ">= 95% (98% suite)");
        sideRow(sb, "rep precision", scores, s -> f3(s.precision()), ">= 0.98 (0.99 suite)");
        sideRow(sb, "rep recall", scores, s -> f3(s.recall()), ">= 0.98 (0.99 suite)");
        sideRow(sb, "peak drop error median (deg)", scores, s -> f3(s.peakErrorMedianDeg()), "<= 0.3");
        sideRow(sb, "peak drop error p95 (deg)", scores, s -> f3(s.peakErrorP95Deg()), "<= 1.0");
        sideRow(sb, "hold error median (s)", scores, s -> f3(s.holdErrorMedianS()), "<= 0.1");
        sideRow(sb, "hold error p95 (s)", scores, s -> f3(s.holdErrorP95S()), "");
        sideRow(sb, "knee drop error median / p95 (cm)", scores,
                s -> String.format(Locale.ROOT, "%.2f / %.2f", s.kneeErrorMedianCm(), s.kneeErrorP95Cm()), "");
        for (Fault f : Fault.values()) {
            if (scores.stream().noneMatch(s -> s.judged(f))) continue;
            sideRow(sb, "F1 " + f.jsonName() + " (true)", scores, s -> f3(s.f1(f)) + " (" + s.truthCount(f) + ")", ">= 0.9 (0.95 suite)");
        }
        sideRow(sb, "reps during non-exercise motion", scores, s -> Integer.toString(s.nonExerciseReps), "0");
        sideRow(sb, "step-downs: rep with knee_bend / clean", scores,
                s -> s.stepDownsAsKneeBend + "/" + s.stepDownsAsCleanReps + " of " + s.stepDownCount, "clean 0");
        return sb.toString();
    }

    private static void sideRow(StringBuilder sb, String name, List<AccuracyScore> scores,
            java.util.function.Function<AccuracyScore, String> value, String target) {
        sb.append(String.format(Locale.ROOT, "%-34s", name));
        for (AccuracyScore s : scores) sb.append(String.format(Locale.ROOT, " %17s", value.apply(s)));
        sb.append(String.format(Locale.ROOT, "   %s%n", target));
    }

    /** The table the README shows. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-34s %12s %10s%n", "figure", "measured", "target"));
        row(sb, "recordings / sets / true reps", recordings + " / " + sets + " / " + trueReps, "");
        row(sb, "sets counted exactly", pct(countExactFraction()), ">= 98%");
        row(sb, "rep precision", f3(precision()), ">= 0.99");
        row(sb, "rep recall", f3(recall()), ">= 0.99");
        row(sb, "peak drop error median (deg)", f3(peakErrorMedianDeg()), "<= 0.3");
        row(sb, "peak drop error p95 (deg)", f3(peakErrorP95Deg()), "<= 1.0");
        row(sb, "hold error median (s)", f3(holdErrorMedianS()), "<= 0.1");
        row(sb, "hold error p95 (s)", f3(holdErrorP95S()), "");
        row(sb, "knee drop error median / p95 (cm)", f3(kneeErrorMedianCm()) + " / " + f3(kneeErrorP95Cm()), "");
        for (Fault f : Fault.values()) {
            if (!judged(f)) continue;
            row(sb, "F1 " + f.jsonName() + " (" + truthCount(f) + " true)", f3(f1(f)), ">= 0.95");
        }
        row(sb, "reps during non-exercise motion", Integer.toString(nonExerciseReps), "0");
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, String value, String target) {
        sb.append(String.format(Locale.ROOT, "%-34s %12s %10s%n", name, value, target));
    }

    private static String f3(double v) { return String.format(Locale.ROOT, "%.3f", v); }

    private static String pct(double v) { return String.format(Locale.ROOT, "%.1f%%", 100 * v); }
}
