package org.hiphike.session;

import java.util.Locale;
import org.hiphike.exercise.Thresholds;

/**
 * What each fault means and what to do about it, in plain words for the wearer and the therapist. Reports show
 * faults in these words, never by their JSON names.
 */
public final class Advice {
    private Advice() {}

    /** A short name for a fault ("Knee bent"). */
    public static String title(String fault) {
        return switch (fault) {
            case "knee_bend" -> "Knee bent";
            case "short_hold" -> "Short hold";
            case "too_fast" -> "Too fast";
            case "too_shallow" -> "Too shallow";
            default -> capitalised(fault.replace('_', ' '));
        };
    }

    /** The fault in words inside a sentence or a table cell ("knee bent"). */
    public static String words(String fault) {
        return switch (fault) {
            case "knee_bend" -> "knee bent";
            case "short_hold" -> "hold too short";
            case "too_fast" -> "lowered too fast";
            case "too_shallow" -> "too shallow";
            default -> fault.replace('_', ' ');
        };
    }

    /** The fault and how many reps had it: "knee bent (4 reps)". */
    public static String counted(String fault, long reps) {
        return words(fault) + " (" + reps + (reps == 1 ? " rep)" : " reps)");
    }

    /** What was seen, with the threshold used. */
    public static String meaning(String fault, Thresholds t) {
        return switch (fault) {
            case "knee_bend" -> String.format(Locale.ROOT,
                    "the support hip sank more than %.1f cm: the support knee bent to lower the leg instead of the pelvis dropping",
                    t.kneeDropCm());
            case "short_hold" -> String.format(Locale.ROOT, "the hold at the bottom was shorter than %.1f s", t.shortHoldS());
            case "too_fast" -> String.format(Locale.ROOT,
                    "the pelvis dropped in less than %.1f s: not slow and controlled", t.tooFastLowerS());
            case "too_shallow" -> t.targetDepthDeg() == null ? "the pelvis did not drop as far as the prescribed depth"
                    : String.format(Locale.ROOT, "the pelvis dropped less than the prescribed %.1f degrees", t.targetDepthDeg());
            default -> "see the documentation of this fault";
        };
    }

    /** What to do about it, without a prescription's targets (the hold count follows the short-hold threshold). */
    public static String whatToDo(String fault) { return whatToDo(fault, Thresholds.DEFAULTS, null); }

    /**
     * What to do about it. The hold count is the prescription's hold target (at least the short-hold threshold),
     * else 2 or the short-hold threshold when longer; the lowering count is 2, or the too-fast threshold when longer.
     */
    public static String whatToDo(String fault, Thresholds t, Targets targets) {
        return switch (fault) {
            case "knee_bend" -> "Keep the support knee straight and lower less: let only the pelvis drop.";
            case "short_hold" -> {
                Double target = targets == null ? null : targets.holdTargetS();
                double s = target != null && target > 0 ? Math.max(target, t.shortHoldS()) : Math.max(2, t.shortHoldS());
                yield "Hold at the bottom for a count of " + count(s) + " before raising.";
            }
            case "too_fast" -> "Count slowly to " + count(Math.max(2, t.tooFastLowerS())) + " on the way down.";
            case "too_shallow" -> t.targetDepthDeg() == null ? "Let the pelvis drop a little further, the support knee straight."
                    : String.format(Locale.ROOT, "Let the pelvis drop a little further, to about %.0f degrees, the support knee straight.",
                            t.targetDepthDeg());
            default -> "Ask your physical therapist.";
        };
    }

    /** The safety note every report carries. */
    public static final String SAFETY = "This exercise is not for everyone: check with your physical therapist that it suits you. "
            + "Do not do it after a total hip replacement without your surgeon's clearance: the drop may break your hip "
            + "precautions. Stop if it hurts.";

    /** Whole seconds to count, rounded up (1.5 s: a count of 2). */
    private static long count(double seconds) { return Math.max(1, (long) Math.ceil(seconds - 1e-9)); }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
