package org.hiphike.bench;

import org.hiphike.exercise.PipelineSettings;

/** Prints the accuracy table with the misses: a development aid (java -cp ... AccuracyProbe [sets]). */
public final class AccuracyProbe {
    public static void main(String[] args) {
        int sets = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        long t0 = System.nanoTime();
        AccuracyScore s = AccuracyBench.run(sets, 10, PipelineSettings.DEFAULTS, System.err::println);
        System.out.print(s.table());
        s.misses().stream().limit(80).forEach(System.out::println);
        System.out.printf("%.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
}
