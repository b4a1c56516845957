package org.hiphike.web;

import org.hiphike.exercise.ExerciseSet;
import org.hiphike.exercise.Side;

/**
 * Where a session stands against its prescription's sets: which sets count, what follows a set that
 * ended (a rest, the next set and its side, or all sets done) and when the rest is over. Times are on
 * the sensor's clock, so a fast replay rests as long in its own time as a live session.
 *
 * <p>Which sets count: with no sides prescribed, every set; with one side, the sets on that side; with
 * both, up to {@code sets} on each side, and the next side is the one with fewer sets done (the other
 * side than the set just done when they are even). A set beyond those is an extra set.
 */
final class SetPlan {
    private int any, left, right;
    private Messages.AfterSet after;
    private boolean restOverTold;

    /**
     * A set ended: what follows it, kept until the next set starts.
     *
     * @param withRest false when nothing follows the set (its source ended): no rest then
     */
    Messages.AfterSet setEnded(ExerciseSet set, Prescription p, boolean withRest) {
        Side side = set.side();
        int perSide = p.sets();
        String sides = p.sides();
        int done;
        boolean extra, allDone;
        String nextSide;
        if ("both".equals(sides)) {
            if (side == Side.LEFT) left++;
            else right++;
            extra = (side == Side.LEFT ? left : right) > perSide;
            done = Math.min(left, perSide) + Math.min(right, perSide);
            allDone = left >= perSide && right >= perSide;
            if (allDone) nextSide = null;
            else if (left >= perSide) nextSide = "right";
            else if (right >= perSide) nextSide = "left";
            else if (left != right) nextSide = left < right ? "left" : "right";
            else nextSide = side.opposite().jsonName();
        } else if (sides != null) {
            boolean onSide = side.jsonName().equals(sides);
            if (onSide) any++;
            extra = !onSide || any > perSide;
            done = Math.min(any, perSide);
            allDone = any >= perSide;
            nextSide = allDone ? null : sides;
        } else {
            any++;
            extra = any > perSide;
            done = Math.min(any, perSide);
            allDone = any >= perSide;
            nextSide = null;
        }
        double rest = p.effectiveRestS();
        Double restS = allDone || !withRest || rest <= 0 ? null : rest;
        Double restUntilS = restS == null ? null : set.endS() + restS;
        after = new Messages.AfterSet(set.index(), side.jsonName(), set.repCount(), done, p.totalSets(), extra, allDone, restS,
                restUntilS, allDone ? null : set.index() + 1, nextSide, nextSide != null && !nextSide.equals(side.jsonName()));
        restOverTold = false;
        return after;
    }

    /** The source ended or was stopped: nothing is counted down any more. */
    void sourceEnded() {
        if (after == null || after.restS() == null) return;
        Messages.AfterSet a = after;
        after = new Messages.AfterSet(a.set(), a.side(), a.reps(), a.setsDone(), a.setsPlanned(), a.extra(), a.allSetsDone(), null, null,
                a.nextSet(), a.nextSide(), a.switchSides());
    }

    /** A new set started: the rest (or the all-done) of the last one is over. */
    void setStarted() { after = null; }

    /** What follows the last set, until the next starts; null during a set and before the first. */
    Messages.AfterSet after() { return after; }

    /** The rest's end, once: what follows the set when the rest has just run out at {@code nowS}, else null. */
    Messages.AfterSet restOver(double nowS) {
        if (after == null || after.restUntilS() == null || restOverTold || nowS < after.restUntilS()) return null;
        restOverTold = true;
        return after;
    }
}
