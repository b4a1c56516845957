package org.hiphike.protocol.bench;

import java.util.concurrent.TimeUnit;
import org.hiphike.core.ImuSample;
import org.hiphike.protocol.DecoderOptions;
import org.hiphike.protocol.Decoders;
import org.hiphike.protocol.Protocol;
import org.hiphike.protocol.SampleDecoder;
import org.hiphike.protocol.SampleSink;
import org.hiphike.protocol.SyntheticStreams;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH throughput of each decoder on a synthetic stream of 10 000 samples (100 s at 100 Hz) fed in 4 KiB
 * reads. Score = streams per second; MB/s = score × {@link #streamBytes} / 1e6.
 * Run: {@code java -cp target/hiphike.jar org.openjdk.jmh.Main DecoderBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DecoderBenchmark {
    static final int SAMPLES = 10_000;
    static final int CHUNK = 4096;

    @Param({"HIPHIKE", "WITMOTION_SERIAL", "WITMOTION_BLE", "XIMU3_ASCII", "XIMU3_BINARY", "CSV_LINES"})
    public Protocol protocol;

    byte[] stream;
    DecoderOptions options;

    /** Bytes of one synthetic stream of the chosen protocol. */
    public int streamBytes;

    @Setup
    public void setUp() {
        stream = SyntheticStreams.stream(protocol, SAMPLES, 100, 1);
        streamBytes = stream.length;
        options = DecoderOptions.DEFAULT.withRateHz(100);
    }

    @Benchmark
    public long decodeStream(Blackhole blackhole) {
        SampleSink sink = new SampleSink() {
            @Override
            public void sample(ImuSample s) { blackhole.consume(s); }
        };
        SampleDecoder d = Decoders.create(protocol, options);
        for (int off = 0; off < stream.length; off += CHUNK) d.decode(stream, off, Math.min(CHUNK, stream.length - off), sink);
        d.finish(sink);
        return d.stats().samples();
    }
}
