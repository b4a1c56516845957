package org.hiphike.exercise;

/** Events of the pipeline, delivered synchronously from {@link PelvicDropPipeline#update}. */
public interface PipelineListener {
    /** A rep was counted (with its set already assigned). */
    default void repCounted(Rep rep) {}

    /** A new level posture was taken at this time (seconds on the recording's clock). */
    default void levelTaken(double timeS) {}

    /** Motion that is not the exercise began; an unfinished rep was dropped if there was one. */
    default void notExercise(double timeS, String reason) {}

    /**
     * A decision the pipeline took, in words, for someone asking why a rep was or was not counted: a stance
     * began, the level was taken, an excursion was not a rep and why ({@code analyze --explain} prints them).
     */
    default void decision(double timeS, String what) {}
}
