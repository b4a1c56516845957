package org.hiphike.session;

import java.util.Locale;
import org.hiphike.exercise.Thresholds;

/** What each fault means and what to do about it, in plain words for the wearer and the therapist. */
public final class Advice {
    private Advice() {}

    /** A short name for a fault ("Knee bend"). */
    public static String title(String fault) {
        return switch (fault) {
            case "knee_bend" -> "Knee bend";
            case "short_hold" -> "Short hold";
            case "too_fast" -> "Too fast";
            default -> fault.replace('_', ' ');
        };
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
            default -> "see the documentation of this fault";
        };
    }

    /** What to do about it. */
    public static String whatToDo(String fault) {
        return switch (fault) {
            case "knee_bend" -> "Keep the support knee straight and lower less: let only the pelvis drop.";
            case "short_hold" -> "Hold at the bottom for a count of 2 before raising.";
            case "too_fast" -> "Count slowly to 2 on the way down.";
            default -> "Ask your physical therapist.";
        };
    }
}
