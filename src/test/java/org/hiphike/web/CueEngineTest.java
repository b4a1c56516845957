package org.hiphike.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hiphike.exercise.Fault;
import org.hiphike.exercise.Phase;
import org.hiphike.exercise.PipelineState;
import org.hiphike.exercise.Rep;
import org.hiphike.exercise.Side;
import org.hiphike.exercise.Thresholds;
import org.junit.jupiter.api.Test;

/**
 * {@link CueEngine} driven by pipeline states and reps built by hand: which cue comes when, the
 * cooldown between cues other than rep numbers, and the time a cue carries (the sensor clock).
 */
class CueEngineTest {
    static final Prescription P = Prescription.DEFAULTS; // hold target 2 s, min peak 3°
    static final double MIN_PEAK = Thresholds.DEFAULTS.minPeakDeg();
    static final double DT = 0.01; // 100 Hz

    final CueEngine cues = new CueEngine();
    final List<Messages.Cue> said = new ArrayList<>();
    double lastStateS;

    static PipelineState state(double t, Phase phase, double dropDeg, double holdS) {
        return new PipelineState(t, phase, dropDeg, dropDeg, Side.LEFT, holdS, 0, 1);
    }

    static Rep rep(double endS, Fault... faults) {
        return new Rep(1, 1, Side.LEFT, endS - 6, endS - 3, endS, 8, 2.2, 2, 1.5, 0.5, List.of(faults));
    }

    static Prescription holdTarget(double s) {
        return new Prescription(P.repsPerSet(), P.sets(), s, P.targetDepthDeg(), P.thresholds());
    }

    List<Messages.Cue> on(PipelineState s) { return on(s, P); }

    List<Messages.Cue> on(PipelineState s, Prescription p) {
        lastStateS = s.timeS();
        List<Messages.Cue> out = cues.onState(s, p);
        said.addAll(out);
        return out;
    }

    List<Messages.Cue> onRep(Rep r, int setRepCount) {
        List<Messages.Cue> out = cues.onRep(r, setRepCount);
        said.addAll(out);
        return out;
    }

    /** One excursion at 100 Hz from {@code t0}: level 1 s, lowering 1 s, hold {@code holdS}, raising 1 s; returns its end. */
    double excursion(double t0, double depthDeg, double holdS, Prescription p) {
        double t = t0;
        for (; t < t0 + 1; t += DT) on(state(t, Phase.LEVEL, 0.2, 0), p);
        for (double end = t + 1; t < end; t += DT) on(state(t, Phase.LOWERING, depthDeg * (t - t0 - 1), 0), p);
        for (double start = t; t < start + holdS; t += DT) on(state(t, Phase.HOLD, depthDeg, t - start), p);
        for (double end = t + 1; t < end; t += DT) on(state(t, Phase.RAISING, depthDeg * (end - t), 0), p);
        return t;
    }

    static List<String> keys(List<Messages.Cue> cs) { return cs.stream().map(Messages.Cue::key).toList(); }

    static Messages.Cue only(List<Messages.Cue> cs, String key) {
        List<Messages.Cue> k = cs.stream().filter(c -> c.key().equals(key)).toList();
        assertEquals(1, k.size(), key + " once in " + keys(cs));
        return k.get(0);
    }

    // ---- hold and up ----

    @Test
    void holdWhenTheBottomIsReachedThenUpWhenTheHoldTargetIsMet() {
        excursion(0, 8, 3, P);
        assertEquals(List.of("hold", "up"), keys(said));
        assertEquals(2.0, only(said, "hold").timeS(), DT + 1e-9, "at the first state of the hold");
        assertEquals(2.0 + P.holdTargetS(), only(said, "up").timeS(), DT + 1e-9, "when the hold reaches its target");
        assertEquals("hold", said.get(0).text());
        assertEquals("up", said.get(1).text());
        assertTrue(said.stream().allMatch(c -> c.type().equals("cue")));
    }

    @Test
    void upFollowsThePrescriptionsHoldTarget() {
        excursion(0, 8, 5, holdTarget(3.5));
        assertEquals(2.0 + 3.5, only(said, "up").timeS(), DT + 1e-9);
    }

    @Test
    void noUpWhenTheHoldEndsBeforeItsTarget() {
        excursion(0, 8, 1.9, P);
        assertEquals(List.of("hold"), keys(said));
    }

    @Test
    void aShallowHoldIsNoRepAndGetsNoCue() {
        excursion(0, MIN_PEAK - 0.1, 4, P);
        assertEquals(List.of(), keys(said));
    }

    @Test
    void aHoldThatDeepensToTheMinimumPeakGetsItsCueThen() {
        on(state(10, Phase.HOLD, MIN_PEAK - 0.5, 0));
        assertEquals(List.of(), keys(said));
        on(state(10.3, Phase.HOLD, MIN_PEAK, 0.3));
        assertEquals(List.of("hold"), keys(said));
        assertEquals(10.3, said.get(0).timeS());
    }

    @Test
    void noCueOutsideTheHold() {
        double t = 0;
        for (Phase ph : new Phase[] {Phase.WAITING_FOR_LEVEL, Phase.NOT_EXERCISE, Phase.LEVEL, Phase.LOWERING, Phase.RAISING}) {
            for (int i = 0; i < 300; i++, t += DT) on(state(t, ph, 9, 5));
        }
        assertEquals(List.of(), keys(said));
    }

    @Test
    void holdAndUpOncePerExcursionAgainAfterLevel() {
        double t = excursion(0, 8, 3, P);
        // a second dip straight from raising, without passing level: no new cues
        for (double start = t; t < start + 3; t += DT) on(state(t, Phase.HOLD, 8, t - start));
        assertEquals(List.of("hold", "up"), keys(said));
        // after level (and after waiting for level or not exercising) they come again
        t = excursion(t, 8, 3, P);
        assertEquals(List.of("hold", "up", "hold", "up"), keys(said));
        for (double start = t; t < start + 1; t += DT) on(state(t, Phase.NOT_EXERCISE, 0, 0));
        for (double start = t; t < start + 3; t += DT) on(state(t, Phase.HOLD, 8, t - start));
        assertEquals(List.of("hold", "up", "hold", "up", "hold", "up"), keys(said));
    }

    // ---- reps ----

    @Test
    void theRepNumberIsSpokenAsTheCountInTheSet() {
        List<Messages.Cue> out = onRep(rep(20).withIndex(15, 2), 3);
        assertEquals(List.of("rep"), keys(out));
        assertEquals("3", out.get(0).text());
        assertEquals(20, out.get(0).timeS());
    }

    @Test
    void aGoodRepGetsItsNumberOnly() {
        assertEquals(List.of("rep"), keys(onRep(rep(20), 1)));
    }

    @Test
    void kneeBendGetsKeepYourKneeStraight() {
        List<Messages.Cue> out = onRep(rep(20, Fault.KNEE_BEND), 4);
        assertEquals(List.of("rep", "knee"), keys(out));
        assertEquals("4", out.get(0).text());
        assertEquals("keep your knee straight", out.get(1).text());
    }

    @Test
    void tooFastGetsSlower() {
        List<Messages.Cue> out = onRep(rep(20, Fault.TOO_FAST), 1);
        assertEquals(List.of("rep", "slower"), keys(out));
        assertEquals("slower", out.get(1).text());
    }

    @Test
    void shortHoldGetsHoldLonger() {
        List<Messages.Cue> out = onRep(rep(20, Fault.SHORT_HOLD), 1);
        assertEquals(List.of("rep", "hold_longer"), keys(out));
        assertEquals("hold longer", out.get(1).text());
    }

    @Test
    void onlyTheMostImportantFaultIsCorrected() {
        assertEquals(List.of("rep", "knee"), keys(onRep(rep(20, Fault.SHORT_HOLD, Fault.TOO_FAST, Fault.KNEE_BEND), 1)));
        assertEquals(List.of("rep", "slower"), keys(onRep(rep(40, Fault.SHORT_HOLD, Fault.TOO_FAST), 2)));
    }

    // ---- cooldown ----

    @Test
    void aCorrectionWithinTheCooldownOfTheLastCueIsLeftOutButTheNumberIsNot() {
        on(state(10, Phase.HOLD, 8, 0)); // "hold" at 10
        on(state(10.5, Phase.RAISING, 4, 0));
        List<Messages.Cue> out = onRep(rep(10.6, Fault.KNEE_BEND), 1);
        assertEquals(List.of("rep"), keys(out), "within " + CueEngine.COOLDOWN_S + " s of hold");
        assertEquals(List.of("hold", "rep"), keys(said));
    }

    @Test
    void repNumbersDoNotStartTheCooldown() {
        onRep(rep(10), 1);
        on(state(10.1, Phase.LEVEL, 0, 0));
        assertEquals(List.of("hold"), keys(on(state(10.2, Phase.HOLD, 8, 0))), "hold 0.2 s after a rep number");
        assertEquals(List.of("rep"), keys(onRep(rep(10.3), 2)), "a rep number 0.1 s after hold");
    }

    @Test
    void aCorrectionStartsTheCooldown() {
        onRep(rep(10, Fault.TOO_FAST), 1);
        on(state(10.2, Phase.LEVEL, 0, 0));
        assertEquals(List.of(), keys(on(state(11.0, Phase.HOLD, 8, 0.8))), "within the cooldown of slower");
    }

    @Test
    void theCooldownIsExactlyCooldownSOnTheSensorClock() {
        on(state(10, Phase.HOLD, 8, 0));
        assertEquals(List.of("rep"), keys(onRep(rep(10 + CueEngine.COOLDOWN_S - 1e-6, Fault.TOO_FAST), 1)));
        CueEngine fresh = new CueEngine();
        fresh.onState(state(10, Phase.HOLD, 8, 0), P);
        assertEquals(List.of("rep", "slower"), keys(fresh.onRep(rep(10 + CueEngine.COOLDOWN_S, Fault.TOO_FAST), 1)));
    }

    /** Whatever comes, no two cues other than rep numbers are closer than the cooldown, and times never go back. */
    @Test
    void neverTwoCuesOtherThanRepNumbersWithinTheCooldown() {
        Random r = new Random(11);
        Phase[] phases = Phase.values();
        Fault[] faults = Fault.values();
        double t = 0;
        int reps = 0;
        for (int i = 0; i < 50_000; i++) {
            t += DT;
            Phase ph = r.nextInt(20) == 0 ? phases[r.nextInt(phases.length)] : (r.nextBoolean() ? Phase.HOLD : Phase.LEVEL);
            on(state(t, ph, r.nextDouble() * 10, r.nextDouble() * 4), r.nextInt(5) == 0 ? holdTarget(r.nextDouble()) : P);
            if (r.nextInt(80) == 0) {
                List<Fault> fs = new ArrayList<>();
                for (Fault f : faults) if (r.nextInt(3) == 0) fs.add(f);
                onRep(rep(t - r.nextDouble(), fs.toArray(new Fault[0])), ++reps);
            }
        }
        List<Messages.Cue> others = said.stream().filter(c -> !c.key().equals("rep")).toList();
        assertTrue(others.size() > 100, "enough cues to mean something: " + others.size());
        assertEquals(reps, said.size() - others.size(), "every rep got its number");
        for (int i = 1; i < others.size(); i++) {
            double gap = others.get(i).timeS() - others.get(i - 1).timeS();
            assertTrue(gap >= CueEngine.COOLDOWN_S, others.get(i - 1) + " then " + others.get(i));
        }
        for (int i = 1; i < said.size(); i++) {
            assertTrue(said.get(i).timeS() >= said.get(i - 1).timeS(), said.get(i - 1) + " then " + said.get(i));
        }
    }

    // ---- the time a cue is given ----

    /**
     * A rep is counted a moment after its end (the pipeline's confirmation): its cues carry the time they are
     * given, and the cooldown is measured to then. Here "up" came 1.0 s before the rep's end and 2.0 s before
     * it was counted: the correction is due.
     */
    @Test
    void aCorrectionIsNotLostToACooldownThatHadPassedWhenTheRepWasCounted() {
        double t = 0;
        for (; t < 1; t += DT) on(state(t, Phase.LEVEL, 0, 0));
        for (double start = t; t < start + 2.5; t += DT) on(state(t, Phase.HOLD, 8, t - start));
        double upAt = only(said, "up").timeS();
        for (double end = t + 1; t < end; t += DT) on(state(t, Phase.RAISING, 4, 0));
        for (double end = t + 1; t < end; t += DT) on(state(t, Phase.LEVEL, 0, 0));
        double countedAt = lastStateS;
        List<Messages.Cue> out = onRep(rep(upAt + 1.0, Fault.TOO_FAST), 1);
        assertEquals(List.of("rep", "slower"), keys(out));
        assertEquals(countedAt, out.get(0).timeS(), 1e-9, "given when counted");
        assertEquals(countedAt, out.get(1).timeS(), 1e-9);
    }

    @Test
    void aRepCountedBeforeAnyStateCarriesItsEnd() {
        assertEquals(25.0, onRep(rep(25, Fault.KNEE_BEND), 1).get(1).timeS());
    }

    /** A hold target shorter than the cooldown: "up" comes as soon as the cooldown after "hold" allows, not never. */
    @Test
    void upIsDelayedByTheCooldownNotLost() {
        excursion(0, 8, 3, holdTarget(1.0));
        assertEquals(List.of("hold", "up"), keys(said));
        assertEquals(2.0 + CueEngine.COOLDOWN_S, only(said, "up").timeS(), DT + 1e-9);
    }

    @Test
    void noHoldTargetMeansUpAtTheBottom() {
        excursion(0, 8, 2, holdTarget(0));
        assertEquals(List.of("up"), keys(said));
        assertEquals(2.0, said.get(0).timeS(), DT + 1e-9);
    }

    /** "hold" held back by a correction just before is given when the cooldown allows, if the hold lasts. */
    @Test
    void holdHeldBackByTheCooldownComesLaterInTheHold() {
        onRep(rep(10, Fault.KNEE_BEND), 1); // "keep your knee straight" at 10
        double t = 10.2;
        for (double start = t; t < start + 3; t += DT) on(state(t, Phase.HOLD, 8, t - start));
        assertEquals(List.of("rep", "knee", "hold", "up"), keys(said));
        assertEquals(11.5, only(said, "hold").timeS(), DT + 1e-9);
        assertEquals(CueEngine.COOLDOWN_S, only(said, "up").timeS() - only(said, "hold").timeS(), DT + 1e-9,
                "the cooldown after hold, the target met before");
    }

    // ---- between sets and at the end ----

    static Messages.AfterSet after(int set, int reps, boolean extra, boolean allDone, Double restS, String nextSide, boolean switchSides) {
        return new Messages.AfterSet(set, "left", reps, set, 3, extra, allDone, restS, restS == null ? null : 100 + restS,
                allDone ? null : set + 1, nextSide, switchSides);
    }

    @Test
    void theEndOfASetSaysTheRepsTheRestAndASwitchOfSides() {
        assertEquals("Set 2 done: 12 reps. Rest 1 minute.", CueEngine.setDoneText(after(2, 12, false, false, 60.0, null, false)));
        assertEquals("Set 1 done: 10 reps. Switch sides: right side next. Rest 45 seconds.",
                CueEngine.setDoneText(after(1, 10, false, false, 45.0, "right", true)));
        assertEquals("Set 1 done: 1 rep. Switch sides: right side next.", CueEngine.setDoneText(after(1, 1, false, false, null, "right", true)),
                "no rest (the source ended): none said");
        assertEquals("Set 3 done: 12 reps. All sets done.", CueEngine.setDoneText(after(3, 12, false, true, null, null, false)));
        assertEquals("Set 4 done: 8 reps, an extra set. All sets done.", CueEngine.setDoneText(after(4, 8, true, true, null, null, false)));
    }

    @Test
    void durationsAreSaidInMinutesAndSeconds() {
        assertEquals("1 second", CueEngine.duration(1));
        assertEquals("30 seconds", CueEngine.duration(30));
        assertEquals("1 minute", CueEngine.duration(60));
        assertEquals("1 minute 30 seconds", CueEngine.duration(90));
        assertEquals("2 minutes 1 second", CueEngine.duration(120.6));
        assertEquals("0 seconds", CueEngine.duration(0));
    }

    /** The end of a set is said whatever the cooldown, at the latest state's time, and starts the cooldown. */
    @Test
    void theEndOfASetIsSaidWithinTheCooldownAndStartsIt() {
        onRep(rep(10, Fault.TOO_FAST), 1); // "slower" at 10
        on(state(10.2, Phase.LEVEL, 0, 0));
        List<Messages.Cue> out = cues.onSetEnded(after(1, 1, false, false, 60.0, null, false));
        assertEquals(List.of("set_done"), keys(out));
        assertEquals(10.2, out.get(0).timeS());
        assertEquals(List.of(), keys(on(state(11.6, Phase.HOLD, 8, 0))), "hold 1.6 s after slower, 1.4 s after the set's end");
        assertEquals(List.of("hold"), keys(on(state(11.7, Phase.HOLD, 8, 0.1))), "hold once the set end's cooldown is over");
    }

    @Test
    void theEndOfTheRestNamesTheNextSetAndSide() {
        on(state(130, Phase.LEVEL, 0, 0));
        List<Messages.Cue> out = cues.onRestOver(after(1, 12, false, false, 30.0, "right", true));
        assertEquals("rest_over", out.get(0).key());
        assertEquals("Rest over: set 2, right side", out.get(0).text());
        assertEquals(130.0, out.get(0).timeS());
        assertEquals("Rest over: set 3", cues.onRestOver(after(2, 12, false, false, 30.0, null, false)).get(0).text());
    }

    @Test
    void theEndOfTheSourceSaysWhetherAReplayOrASessionEndedOrWasStopped() {
        assertEquals("Replay ended", new CueEngine().onSourceEnded(true, false).get(0).text());
        assertEquals("Replay stopped", new CueEngine().onSourceEnded(true, true).get(0).text());
        assertEquals("Session ended", new CueEngine().onSourceEnded(false, false).get(0).text());
        List<Messages.Cue> out = new CueEngine().onSourceEnded(false, true);
        assertEquals("ended", out.get(0).key());
        assertEquals("Session stopped", out.get(0).text());
        assertEquals(0.0, out.get(0).timeS(), "before any sample: time 0");
    }
}
