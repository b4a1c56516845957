package org.hiphike.cli;

import org.hiphike.session.Targets;
import picocli.CommandLine.Option;

/** The prescription's targets a report of a recording file compares with what was done. */
public final class TargetOptions {
    @Option(names = "--sets", paramLabel = "N", description = "Prescribed sets (1-20), for the report's summary.")
    Integer sets;

    @Option(names = "--reps-per-set", paramLabel = "N", description = "Prescribed reps per set (1-100), for the report's summary.")
    Integer repsPerSet;

    @Option(names = "--hold-target-s", paramLabel = "S", description = "Prescribed hold at the bottom (0-30 s), for the report's summary.")
    Double holdTargetS;

    /** The targets given (the depth from --target-depth-deg), or null when none was. */
    public Targets targets(Double targetDepthDeg) {
        Targets t = new Targets(repsPerSet, sets, holdTargetS, targetDepthDeg);
        return t.isEmpty() ? null : t;
    }
}
