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

    Phase lastPhase() { return lastPhase; }

    /** Adds the cue unless it falls within the cooldown of the last one; whether it was added. */
    private boolean add(List<Messages.Cue> out, String key, String text, double timeS) {
        if (timeS - lastCueS < COOLDOWN_S) return false;
        lastCueS = timeS;
        out.add(new Messages.Cue(key, text, timeS));
        return true;
    }
}
