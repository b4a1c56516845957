package org.hiphike.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hiphike.protocol.DecoderOptions;
import org.hiphike.protocol.Decoders;
import org.hiphike.protocol.Protocol;
import org.hiphike.protocol.SampleDecoder;
import org.hiphike.protocol.SampleSink;
import org.hiphike.protocol.SyntheticStreams;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hiphike bench decoders}: decoder throughput per protocol on synthetic streams, fed in 4 KiB
 * reads as from a port or a file. Prints protocol, MB/s, samples/s.
 */
@Command(name = "decoders",
        mixinStandardHelpOptions = true,
        description = "Measure decoder throughput per protocol (MB/s and samples/s) on synthetic streams.")
public final class BenchDecodersCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "S", description = "measuring time per protocol, after warm-up (default ${DEFAULT-VALUE})")
    double seconds = 2;

    @Option(names = "--warmup-seconds", paramLabel = "S", description = "warm-up time per protocol (default ${DEFAULT-VALUE})")
    double warmupSeconds = 1;

    @Option(names = "--samples", paramLabel = "N", description = "samples in each synthetic stream (default ${DEFAULT-VALUE})")
    int samples = 100_000;

    @Option(names = "--chunk-bytes", paramLabel = "B", description = "bytes per decode call (default ${DEFAULT-VALUE})")
    int chunkBytes = 4096;

    /** One protocol's result. */
    public record Result(Protocol protocol, double megabytesPerSecond, double samplesPerSecond, double bytesPerSample) {}

    private static final class Counter implements SampleSink {
        long count;
        double checksum;

        @Override
        public void sample(org.hiphike.core.ImuSample s) {
            count++;
            checksum += s.accG().y();
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!(seconds > 0) || !(warmupSeconds >= 0) || samples < 1 || chunkBytes < 1) {
            spec.commandLine().getErr().println("bench decoders: --seconds, --samples and --chunk-bytes must be positive");
            return 2;
        }
        out.printf(Locale.ROOT, "%-18s %10s %14s %12s%n", "protocol", "MB/s", "samples/s", "bytes/sample");
        for (Protocol p : Protocol.values()) {
            Result r = measure(p, samples, chunkBytes, warmupSeconds, seconds);
            out.printf(Locale.ROOT, "%-18s %10.1f %14.0f %12.1f%n", p.cliName(), r.megabytesPerSecond(), r.samplesPerSecond(),
                    r.bytesPerSample());
            out.flush();
        }
        return 0;
    }

    /** Decodes a synthetic stream of {@code protocol} repeatedly for {@code seconds} after a warm-up. */
    public static Result measure(Protocol protocol, int samples, int chunkBytes, double warmupSeconds, double seconds) {
        byte[] stream = SyntheticStreams.stream(protocol, samples, 100, 1);
        DecoderOptions options = DecoderOptions.DEFAULT.withRateHz(100);
        Counter sink = new Counter();
        run(protocol, options, stream, chunkBytes, sink, (long) (warmupSeconds * 1e9));
        sink.count = 0;
        long t0 = System.nanoTime();
        long bytes = run(protocol, options, stream, chunkBytes, sink, (long) (seconds * 1e9));
        double elapsed = (System.nanoTime() - t0) / 1e9;
        if (sink.checksum == 42.4242) System.out.print("");   // keeps the samples observable
        return new Result(protocol, bytes / elapsed / 1e6, sink.count / elapsed, (double) stream.length / samples);
    }

    private static long run(Protocol protocol, DecoderOptions options, byte[] stream, int chunk, SampleSink sink, long nanos) {
        long end = System.nanoTime() + nanos;
        long bytes = 0;
        do {
            SampleDecoder d = Decoders.create(protocol, options);
            for (int off = 0; off < stream.length; off += chunk) {
                d.decode(stream, off, Math.min(chunk, stream.length - off), sink);
            }
            d.finish(sink);
            bytes += stream.length;
        } while (System.nanoTime() < end);
        return bytes;
    }
}
