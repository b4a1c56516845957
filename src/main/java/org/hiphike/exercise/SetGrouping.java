package org.hiphike.exercise;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups reps into sets by the rule of spec section 4: a new set starts when the side changes
 * or after more than {@link #MAX_GAP_S} seconds without a rep.
 */
public final class SetGrouping {
    /** Longest pause between one rep's end and the next one's start within a set, seconds. */
    public static final double MAX_GAP_S = 20.0;

    private SetGrouping() {}

    /** True when {@code next} starts a new set after {@code previous} (which may be null). */
    public static boolean startsNewSet(Rep previous, Side nextSide, double nextStartS) {
        return previous == null || previous.side() != nextSide || nextStartS - previous.endS() > MAX_GAP_S;
    }

    /** The reps renumbered (index and set, from 1) in time order. */
    public static List<Rep> renumber(List<Rep> repsInTimeOrder) {
        List<Rep> out = new ArrayList<>(repsInTimeOrder.size());
        Rep previous = null;
        int set = 0;
        for (Rep rep : repsInTimeOrder) {
            if (startsNewSet(previous, rep.side(), rep.startS())) set++;
            Rep numbered = rep.withIndex(out.size() + 1, set);
            out.add(numbered);
            previous = numbered;
        }
        return out;
    }

    /** The sets of already numbered reps. */
    public static List<ExerciseSet> setsOf(List<Rep> numberedReps) {
        List<ExerciseSet> sets = new ArrayList<>();
        int i = 0;
        while (i < numberedReps.size()) {
            Rep first = numberedReps.get(i);
            int j = i;
            while (j + 1 < numberedReps.size() && numberedReps.get(j + 1).set() == first.set()) j++;
            Rep last = numberedReps.get(j);
            sets.add(new ExerciseSet(first.set(), first.side(), first.startS(), last.endS(), j - i + 1));
            i = j + 1;
        }
        return sets;
    }
}
