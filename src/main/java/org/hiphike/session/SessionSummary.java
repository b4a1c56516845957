package org.hiphike.session;

import java.time.Instant;
import java.util.Map;

/**
 * One line of the session history.
 *
 * @param id               the session's number in the store
 * @param startedAt        wall-clock start (UTC instant)
 * @param status           recording, complete or recovered
 * @param origin           "live" (a sensor, recorded as it happened), "replay" (a recording played live),
 *                         "simulated" (the simulated sensor) or "import" (an existing file)
 * @param source           where the samples came from
 * @param sensor           sensor model
 * @param durationS        recording length in seconds (sensor clock)
 * @param setCount         number of sets
 * @param repsLeft         reps on the left side
 * @param repsRight        reps on the right side
 * @param meanPeakDropDeg  mean peak drop over all reps, degrees (0 without reps)
 * @param meanHoldS        mean hold over all reps, seconds (0 without reps)
 * @param faultCounts      reps with each fault, by JSON fault name
 * @param notes            the therapist's or wearer's notes
 */
public record SessionSummary(
        long id,
        Instant startedAt,
        SessionStatus status,
        String origin,
        String source,
        String sensor,
        double durationS,
        int setCount,
        int repsLeft,
        int repsRight,
        double meanPeakDropDeg,
        double meanHoldS,
        Map<String, Integer> faultCounts,
        String notes) {

    public SessionSummary {
        faultCounts = Map.copyOf(faultCounts);
    }

    public int repCount() { return repsLeft + repsRight; }
}
