package org.hiphike.web;

import java.util.ArrayList;
import java.util.List;
import org.hiphike.exercise.Fault;
import org.hiphike.exercise.Phase;
import org.hiphike.exercise.PipelineState;
import org.hiphike.exercise.Rep;

/**
 * Decides the spoken cues from the pipeline's state and counted reps. Cues other than the rep
 * number keep a cooldown (on the sensor's clock, so a fast replay gives the same cues) so they
 * never pile up: "hold" when the bottom is reached, "up" when the hold target is met, and after a
 * rep its number and the most important fault's correction.
 *
 * <p>A cue's time is when it is given: for a state, the state's time; for a rep, the time of the
 * latest state seen (a rep is counted a moment after its end), never before the rep's end. "hold"
 * and "up" that the cooldown holds back are given as soon as it allows, while the hold lasts; "hold"
 * is left out once the hold target is met, since "up" is then due. A rep's correction that the
 * cooldown holds back is left out (the rep is over).
 *
 * <p>The end of a set, the end of the rest after it and the end of the source are always said (they
 * start the cooldown of the cues after them).
 */
public final class CueEngine {
    /** Least time between two cues other than rep numbers, seconds. */
    public static final double COOLDOWN_S = 1.5;

    private double lastCueS = Double.NEGATIVE_INFINITY;
    private double nowS = Double.NEGATIVE_INFINITY;
    private Phase lastPhase;
    private boolean deep, holdSaid, upSaid;

    /** Cues for the state after a sample. */
    public List<Messages.Cue> onState(PipelineState s, Prescription p) {
        List<Messages.Cue> out = new ArrayList<>(1);
        Phase phase = s.phase();
        nowS = Math.max(nowS, s.timeS());
        if (phase == Phase.LEVEL || phase == Phase.WAITING_FOR_LEVEL || phase == Phase.NOT_EXERCISE) {
            deep = false;
            holdSaid = false;
            upSaid = false;
        }
        if (phase == Phase.HOLD && s.dropDeg() >= p.thresholds().minPeakDeg()) deep = true;
        if (phase == Phase.HOLD && deep) {
            boolean targetMet = s.sinceBottomS() >= p.holdTargetS();
            if (!targetMet && !holdSaid) holdSaid = add(out, "hold", "hold", s.timeS());
            if (targetMet && !upSaid) upSaid = add(out, "up", "up", s.timeS());
        }
        lastPhase = phase;
        return out;
    }

    /** Cues for a counted rep: its number, then the correction of its first fault. */
    public List<Messages.Cue> onRep(Rep rep, int setRepCount) {
        List<Messages.Cue> out = new ArrayList<>(2);
        double t = Math.max(rep.endS(), nowS);
        out.add(new Messages.Cue("rep", Integer.toString(setRepCount), t));
        if (rep.has(Fault.KNEE_BEND)) add(out, "knee", "keep your knee straight", t);
        else if (rep.has(Fault.TOO_FAST)) add(out, "slower", "slower", t);
        else if (rep.has(Fault.SHORT_HOLD)) add(out, "hold_longer", "hold longer", t);
        else if (rep.has(Fault.TOO_SHALLOW)) add(out, "deeper", "a little deeper", t);
        return out;
    }

    /**
     * The cue for the end of a set ("Set 2 done: 12 reps. Switch sides: right side next. Rest 60 seconds." or
     * "... All sets done."), given whatever the cooldown: the set is over and the wearer needs to hear it.
     */
    public List<Messages.Cue> onSetEnded(Messages.AfterSet after) {
        lastCueS = nowS;
        return List.of(new Messages.Cue("set_done", setDoneText(after), Math.max(nowS, 0)));
    }

    /** The cue when the rest after a set has run out ("Rest over: set 3, right side"). */
    public List<Messages.Cue> onRestOver(Messages.AfterSet after) {
        lastCueS = nowS;
        String next = after.nextSet() == null ? "" : ": set " + after.nextSet() + (after.nextSide() == null ? "" : ", " + after.nextSide() + " side");
        return List.of(new Messages.Cue("rest_over", "Rest over" + next, Math.max(nowS, 0)));
    }

    /**
     * The cue when the source ended by itself or was stopped: a replay ("Replay ended") or a live session
     * ("Session ended"), so the page stops giving exercise cues.
     *
     * @param replay  the source was a recording (a sample, an upload, a file)
     * @param stopped it was stopped rather than ending by itself
     */
    public List<Messages.Cue> onSourceEnded(boolean replay, boolean stopped) {
        lastCueS = nowS;
        return List.of(new Messages.Cue("ended", (replay ? "Replay" : "Session") + (stopped ? " stopped" : " ended"),
                Math.max(nowS, 0)));
    }

    /** What is said at the end of a set. */
    static String setDoneText(Messages.AfterSet a) {
        StringBuilder b = new StringBuilder("Set ").append(a.set()).append(" done: ").append(a.reps())
                .append(a.reps() == 1 ? " rep" : " reps");
        if (a.extra()) b.append(", an extra set");
        b.append('.');
        if (a.allSetsDone()) return b.append(" All sets done.").toString();
        if (a.switchSides()) b.append(" Switch sides: ").append(a.nextSide()).append(" side next.");
        if (a.restS() != null) b.append(" Rest ").append(duration(a.restS())).append('.');
        return b.toString();
    }

    /** A duration as said: "45 seconds", "1 minute", "1 minute 30 seconds". */
    static String duration(double seconds) {
        long s = Math.round(seconds), m = s / 60, r = s % 60;
        String min = m == 0 ? "" : m + (m == 1 ? " minute" : " minutes");
        String sec = r == 0 && m > 0 ? "" : r + (r == 1 ? " second" : " seconds");
        return (min + " " + sec).trim();
    }

    Phase lastPhase() { return lastPhase; }

    /** Adds the cue unless it falls within the cooldown of the last one; whether it was added. */
    private boolean add(List<Messages.Cue> out, String key, String text, double timeS) {
        if (timeS - lastCueS < COOLDOWN_S) return false;
        lastCueS = timeS;
        out.add(new Messages.Cue(key, text, timeS));
        return true;
    }
}
