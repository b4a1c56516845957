package org.hiphike.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hiphike.core.AxisRemap;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.ExerciseSession;
import org.hiphike.exercise.PelvicDropPipeline;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.recording.CsvRecordingReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: throughput of the whole pipeline over the long bundled session (150357 samples), reported
 * per sample, alone and inside the {@link ExerciseSession} every command runs. Run: {@code java -cp target/hiphike.jar org.openjdk.jmh.Main PipelineBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PipelineBenchmark {
    static final int SAMPLES = 150357;
    List<ImuSample> samples;

    @Setup(Level.Trial)
    public void load() throws Exception {
        samples = new CsvRecordingReader().read(Path.of("samples/session_long_24min_100hz.csv")).samples();
        if (samples.size() != SAMPLES) throw new IllegalStateException("expected " + SAMPLES + " samples, found " + samples.size());
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public int pipeline() {
        PelvicDropPipeline p = new PelvicDropPipeline(PipelineSettings.DEFAULTS);
        for (ImuSample s : samples) p.update(s);
        p.finish();
        return p.reps().size();
    }

    /** The same samples through the exercise session every command runs: the pipeline, sets and sample statistics. */
    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public int session() {
        ExerciseSession session = new ExerciseSession(PipelineSettings.DEFAULTS, AxisRemap.IDENTITY);
        for (ImuSample s : samples) session.update(s);
        session.finish();
        return session.reps().size();
    }
}
