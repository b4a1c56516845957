package org.hiphike.exercise;

import java.util.Map;
import org.hiphike.core.ImuSample;

/**
 * What an {@link ExerciseSession} tells its listeners, synchronously from {@link ExerciseSession#update} (and from its
 * control calls). Times are seconds on the recording's clock.
 */
public sealed interface SessionEvent {

    /** A level posture was taken: a set can start. */
    record LevelTaken(double timeS) implements SessionEvent {}

    /**
     * Motion that is not the exercise began (an unfinished rep was dropped if there was one).
     *
     * @param words the pipeline's words for it (what the live page shows)
     */
    record NotExercise(double timeS, NotExerciseReason reason, String words) implements SessionEvent {}

    /**
     * A rep was counted.
     *
     * @param rep      numbered over the session, with its set
     * @param repInSet its number within its set, from 1
     */
    record RepCounted(Rep rep, int repInSet) implements SessionEvent {}

    /** A set started with its first rep (told just before that rep's {@link RepCounted}). */
    record SetStarted(int index, Side side) implements SessionEvent {}

    /**
     * A set ended.
     *
     * @param meanPeakDropDeg its reps' mean peak drop, degrees
     * @param meanHoldS       its reps' mean hold, seconds
     * @param faultCounts     how many of its reps had each fault, every fault listed in {@link Fault} order
     */
    record SetEnded(ExerciseSet set, SetEndReason reason, double meanPeakDropDeg, double meanHoldS,
            Map<Fault, Integer> faultCounts) implements SessionEvent {}

    /**
     * After every sample, once its reps and set changes were told.
     *
     * @param raw   the sample as the source delivered it (before any axis remap)
     * @param state the pipeline's state after it
     */
    record State(ImuSample raw, PipelineState state) implements SessionEvent {}
}
