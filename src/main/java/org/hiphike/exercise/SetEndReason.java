package org.hiphike.exercise;

/** Why a set ended. */
public enum SetEndReason {
    /** Someone asked for a new set. */
    NEW_SET("new_set"),
    /** The next rep was on the other side. */
    SIDE_CHANGED("side_changed"),
    /** More than {@link SetGrouping#MAX_GAP_S} without a rep. */
    PAUSE("pause"),
    /** The set reached the reps per set it was prescribed. */
    TARGET_REACHED("target_reached"),
    /** The samples ended (the source ended or was stopped). */
    SOURCE_ENDED("source_ended");

    private final String jsonName;

    SetEndReason(String jsonName) { this.jsonName = jsonName; }

    /** The name in the dashboard's messages ("side_changed"). */
    public String jsonName() { return jsonName; }
}
