package org.hiphike.exercise;

/** What the wearer is doing now, as the pipeline sees it. */
public enum Phase {
    /** No level posture yet: waiting for the wearer to stand still on the step. */
    WAITING_FOR_LEVEL,
    /** Moving in a way that is not the exercise (walking, turning, stepping, bending, a knock). */
    NOT_EXERCISE,
    LEVEL,
    LOWERING,
    HOLD,
    RAISING
}
