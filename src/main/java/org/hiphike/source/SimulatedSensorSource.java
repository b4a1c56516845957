package org.hiphike.source;

import java.util.function.LongFunction;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.Side;
import org.hiphike.recording.Recording;
import org.hiphike.sim.Scenario;
import org.hiphike.sim.Simulator;

/**
 * A simulated sensor doing reps: simulated sets one after the other (alternating sides), on one
 * continuous clock, unpaced (wrap it in {@link PacedSource} at speed 1 for real time). Runs until closed.
 */
public final class SimulatedSensorSource implements SampleSource {
    private final LongFunction<Recording> nextSet;
    private volatile boolean closed;

    /** @param nextSet makes the recording of set number k (0-based) */
    public SimulatedSensorSource(LongFunction<Recording> nextSet) { this.nextSet = nextSet; }

    /**
     * One simulated session of the prescription ({@link Scenario#demo}): a continuous person from the first set to the
     * last, then the source ends.
     */
    public static SimulatedSensorSource session(long seed, int sets, int repsPerSet, double restS, String sides) {
        Scenario demo = Scenario.demo(seed, sets, repsPerSet, restS, sides);
        // Simulated on the source's thread when it starts, not while the dashboard starts.
        return new SimulatedSensorSource(k -> k == 0 ? Simulator.simulate(demo).recording()
                : new Recording("simulated", java.util.Map.of(), java.util.List.of()));
    }

    /** Clean sets of {@code repsPerSet} reps, alternating left and right, seeded from {@code seed}. */
    public static SimulatedSensorSource cleanSets(long seed, int repsPerSet) {
        return new SimulatedSensorSource(k -> Simulator.simulate(Scenario.preset("clean-set", seed + k,
                new Scenario.Options(k % 2 == 0 ? Side.LEFT : Side.RIGHT, repsPerSet, null, null, null, null))).recording());
    }

    @Override
    public void run(SampleListener listener) {
        listener.status(SourceStatus.of(SourceStatus.State.CONNECTING, "simulated sensor starting"));
        double offsetS = 0;
        boolean first = true;
        for (long k = 0; !closed; k++) {
            Recording set = nextSet.apply(k);
            if (set.samples().isEmpty()) break;
            double startS = set.samples().get(0).timeS();
            double lastS = offsetS;
            for (ImuSample s : set.samples()) {
                if (closed) break;
                if (first) {
                    listener.status(new SourceStatus(SourceStatus.State.STREAMING, "simulated sensor", 100));
                    first = false;
                }
                lastS = offsetS + s.timeS() - startS;
                listener.sample(new ImuSample(lastS, s.accG(), s.gyroDps(), s.magUt()));
            }
            offsetS = lastS + 0.01;
        }
        listener.status(SourceStatus.of(SourceStatus.State.ENDED, "simulated sensor stopped"));
    }

    @Override
    public String description() { return "simulated sensor"; }

    @Override
    public java.util.Map<String, String> metadata() { return java.util.Map.of("sensor", "simulated", "rate_hz", "100"); }

    @Override
    public void close() { closed = true; }
}
