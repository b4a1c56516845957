package org.hiphike.exercise;

/** Events of the pipeline, delivered synchronously from {@link PelvicDropPipeline#update}. */
public interface PipelineListener {
    /** A rep was counted (with its set already assigned). */
    default void repCounted(Rep rep) {}

    /** A new level posture was taken at this time (seconds on the recording's clock). */
    default void levelTaken(double timeS) {}

    /** Motion that is not the exercise began; an unfinished rep was dropped if there was one. */
    default void notExercise(double timeS, String reason) {}
}
