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
 */
public final class CueEngine {
    /** Least time between two cues other than rep numbers, seconds. */
    public static final double COOLDOWN_S = 1.5;

    private double lastCueS = Double.NEGATIVE_INFINITY;
    private Phase lastPhase;
    private boolean holdSaid, upSaid;

    /** Cues for the state after a sample. */
    public List<Messages.Cue> onState(PipelineState s, Prescription p) {
        List<Messages.Cue> out = new ArrayList<>(1);
        Phase phase = s.phase();
        if (phase == Phase.LEVEL || phase == Phase.WAITING_FOR_LEVEL || phase == Phase.NOT_EXERCISE) {
            holdSaid = false;
            upSaid = false;
        }
        if (phase == Phase.HOLD && !holdSaid && s.dropDeg() >= p.thresholds().minPeakDeg()) {
            holdSaid = true;
            add(out, "hold", "hold", s.timeS());
        }
        if (phase == Phase.HOLD && holdSaid && !upSaid && s.holdS() >= p.holdTargetS()) {
            upSaid = true;
            add(out, "up", "up", s.timeS());
        }
        lastPhase = phase;
        return out;
    }

    /** Cues for a counted rep: its number, then the correction of its first fault. */
    public List<Messages.Cue> onRep(Rep rep, int setRepCount) {
        List<Messages.Cue> out = new ArrayList<>(2);
        out.add(new Messages.Cue("rep", Integer.toString(setRepCount), rep.endS()));
        if (rep.has(Fault.KNEE_BEND)) add(out, "knee", "keep your knee straight", rep.endS());
        else if (rep.has(Fault.TOO_FAST)) add(out, "slower", "slower", rep.endS());
        else if (rep.has(Fault.SHORT_HOLD)) add(out, "hold_longer", "hold longer", rep.endS());
        return out;
    }

    Phase lastPhase() { return lastPhase; }

    private void add(List<Messages.Cue> out, String key, String text, double timeS) {
        if (timeS - lastCueS < COOLDOWN_S) return;
        lastCueS = timeS;
        out.add(new Messages.Cue(key, text, timeS));
    }
}
