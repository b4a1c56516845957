package org.hiphike.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.hiphike.exercise.ExerciseSet;
import org.hiphike.exercise.ReportJson;
import org.hiphike.exercise.Side;
import org.junit.jupiter.api.Test;

/** {@link SetPlan}: which sets count towards the prescription, the rest after a set, the next side, all sets done. */
class SetPlanTest {
    final SetPlan plan = new SetPlan();
    int index;
    double t;

    static Prescription p(int sets, Double restS, String sides) {
        Prescription d = Prescription.DEFAULTS;
        return new Prescription(d.repsPerSet(), sets, d.holdTargetS(), d.targetDepthDeg(), d.thresholds(), restS, sides);
    }

    /** A set of 10 reps on {@code side} lasting 50 s, 100 s after the last. */
    Messages.AfterSet set(Side side, Prescription p) {
        t += 100;
        Messages.AfterSet a = plan.setEnded(new ExerciseSet(++index, side, t, t + 50, 10), p, true);
        plan.setStarted();
        return a;
    }

    @Test
    void noSidesPrescribed_everySetCountsThenExtraSets() {
        Prescription p = p(2, null, null);
        Messages.AfterSet a = set(Side.LEFT, p);
        assertEquals(1, a.setsDone());
        assertEquals(2, a.setsPlanned());
        assertFalse(a.allSetsDone());
        assertEquals(Prescription.DEFAULT_REST_S, a.restS(), "no rest prescribed: the default");
        assertEquals(150 + Prescription.DEFAULT_REST_S, a.restUntilS(), "from the end of the set's last rep");
        assertEquals(2, a.nextSet());
        assertNull(a.nextSide(), "the prescription names no side");
        assertFalse(a.switchSides());

        a = set(Side.RIGHT, p);
        assertTrue(a.allSetsDone());
        assertFalse(a.extra());
        assertEquals(2, a.setsDone());
        assertNull(a.restS(), "no rest once all sets are done");
        assertNull(a.nextSet());

        a = set(Side.LEFT, p);
        assertTrue(a.extra(), "a third set of two is extra");
        assertTrue(a.allSetsDone());
        assertEquals(2, a.setsDone(), "sets done never exceed the prescription");
    }

    @Test
    void bothSides_setsPerSideAlternateAndSwitchIsSaid() {
        Prescription p = p(2, 45.0, "both");
        Messages.AfterSet a = set(Side.LEFT, p);
        assertEquals(4, a.setsPlanned(), "2 sets on each side");
        assertEquals("right", a.nextSide());
        assertTrue(a.switchSides());
        assertEquals(45.0, a.restS());

        a = set(Side.RIGHT, p);
        assertEquals("left", a.nextSide(), "even: the other side than the one just done");
        assertTrue(a.switchSides());

        // Two left sets in a row: the right side is behind, so it is next.
        a = set(Side.LEFT, p);
        assertEquals("right", a.nextSide());
        a = set(Side.LEFT, p);
        assertTrue(a.extra(), "a third left set of two is extra");
        assertFalse(a.allSetsDone());
        assertEquals(3, a.setsDone());
        assertEquals("right", a.nextSide());
        assertTrue(a.switchSides());

        a = set(Side.RIGHT, p);
        assertTrue(a.allSetsDone());
        assertEquals(4, a.setsDone());
        assertNull(a.nextSide());
        assertFalse(a.switchSides());
    }

    @Test
    void bothSides_oneSideDoneTheOtherIsNextWithoutSwitchingWhenOnIt() {
        Prescription p = p(1, null, "both");
        Messages.AfterSet a = set(Side.RIGHT, p);
        assertEquals("left", a.nextSide());
        a = set(Side.RIGHT, p);
        assertTrue(a.extra());
        assertEquals("left", a.nextSide(), "the right side is done");
        a = set(Side.LEFT, p);
        assertTrue(a.allSetsDone());
    }

    @Test
    void oneSidePrescribed_setsOnTheOtherSideAreExtraAndDoNotCount() {
        Prescription p = p(2, null, "left");
        Messages.AfterSet a = set(Side.RIGHT, p);
        assertTrue(a.extra());
        assertEquals(0, a.setsDone());
        assertEquals("left", a.nextSide());
        assertTrue(a.switchSides());
        a = set(Side.LEFT, p);
        assertEquals(1, a.setsDone());
        assertFalse(a.switchSides(), "already on the left");
        a = set(Side.LEFT, p);
        assertTrue(a.allSetsDone());
    }

    @Test
    void restRunsOutOnceOnTheSensorClock() {
        Prescription p = p(3, 30.0, null);
        Messages.AfterSet a = plan.setEnded(new ExerciseSet(1, Side.LEFT, 10, 60, 12), p, true);
        assertEquals(90.0, a.restUntilS());
        assertSame(a, plan.after());
        assertNull(plan.restOver(89.99));
        assertSame(a, plan.restOver(90.0));
        assertNull(plan.restOver(95), "told once");
        plan.setStarted();
        assertNull(plan.after(), "the next set started: nothing follows any more");
        assertNull(plan.restOver(200));
    }

    @Test
    void noRestWhenTheSourceEndedOrTheRestIsZero() {
        Messages.AfterSet a = plan.setEnded(new ExerciseSet(1, Side.LEFT, 10, 60, 12), p(3, 30.0, null), false);
        assertNull(a.restS());
        assertNull(a.restUntilS());
        assertEquals(2, a.nextSet());
        a = plan.setEnded(new ExerciseSet(2, Side.LEFT, 100, 160, 12), p(3, 0.0, null), true);
        assertNull(a.restS(), "a rest of 0 s is no rest");

        a = plan.setEnded(new ExerciseSet(3, Side.LEFT, 200, 260, 12), p(5, 30.0, null), true);
        assertEquals(290.0, a.restUntilS());
        plan.sourceEnded();
        assertNull(plan.after().restUntilS(), "the source ended: nothing is counted down");
        assertEquals(4, plan.after().nextSet());
        assertNull(plan.restOver(1000));
    }

    @Test
    void prescriptionRestAndSidesAreOptionalBoundedAndKeptInJson() throws Exception {
        JsonNode d = ReportJson.mapper().readTree(ReportJson.toJson(Prescription.DEFAULTS));
        assertTrue(d.path("rest_s").isMissingNode() && d.path("sides").isMissingNode(), d.toString());
        Prescription old = ReportJson.mapper().readValue("{\"reps_per_set\":10,\"sets\":2,\"hold_target_s\":2,\"target_depth_deg\":8}",
                Prescription.class);
        assertNull(old.restS());
        assertEquals(Prescription.DEFAULT_REST_S, old.effectiveRestS());
        assertEquals(2, old.totalSets());
        Prescription both = p(3, 45.0, "both");
        Prescription back = ReportJson.mapper().readValue(ReportJson.toJson(both), Prescription.class);
        assertEquals(both, back);
        assertEquals(6, back.totalSets());
        assertEquals(both, both.withThresholds(both.thresholds()));
        assertThrows(IllegalArgumentException.class, () -> p(3, -1.0, null));
        assertThrows(IllegalArgumentException.class, () -> p(3, 601.0, null));
        assertThrows(IllegalArgumentException.class, () -> p(3, Double.NaN, null));
        assertThrows(IllegalArgumentException.class, () -> p(3, null, "up"));
    }
}
