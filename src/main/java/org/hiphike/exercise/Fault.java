package org.hiphike.exercise;

import com.fasterxml.jackson.annotation.JsonValue;

/** Faults a rep can carry (spec section 4). */
public enum Fault {
    /** The support-side hip sank more than the knee-drop threshold: the support knee bent. */
    KNEE_BEND,
    /** The hold at the bottom was shorter than the short-hold threshold. */
    SHORT_HOLD,
    /** The lowering took less than the too-fast threshold: not slow and controlled. */
    TOO_FAST,
    /**
     * The peak drop stayed under the prescription's target depth ({@link Thresholds#targetDepthDeg()}); never
     * judged when there is no target depth.
     */
    TOO_SHALLOW;

    @JsonValue
    public String jsonName() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static Fault fromJson(String name) { return valueOf(name.toUpperCase(java.util.Locale.ROOT)); }
}
