package org.hiphike.exercise;

/** Why the pipeline said the wearer's motion is not the exercise (the words are what the live page shows). */
public enum NotExerciseReason {
    /** The gyroscope's offset became known and had tilted the orientation: the stance is taken again. */
    SENSOR_CALIBRATED("sensor calibrated"),
    /** A sustained burst of motion: walking, or stepping about. */
    WALKING(MotionMonitor.WALKING),
    /** A turn about the vertical. */
    TURNING(MotionMonitor.TURNING),
    /** Tilted further than a pelvic drop goes, or forward: bending over, or a step. */
    BENDING("bending or stepping"),
    /** A step on or off the step. */
    STEPPING("stepping on or off"),
    /** An excursion that pitched more than it rolled. */
    PITCHING("pitching more than rolling: not a pelvic drop"),
    /** Words the pipeline used that have no name here yet (they are passed on as they are). */
    OTHER("other");

    private final String words;

    NotExerciseReason(String words) { this.words = words; }

    /** The words for people ("turning"). */
    public String words() { return words; }

    /** The reason the pipeline gave in these words; {@link #OTHER} for words not known here. */
    public static NotExerciseReason of(String words) {
        for (NotExerciseReason r : values()) if (r != OTHER && r.words.equals(words)) return r;
        return OTHER;
    }
}
