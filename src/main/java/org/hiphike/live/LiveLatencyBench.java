package org.hiphike.live;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.hiphike.bench.Stats;
import org.hiphike.core.AxisRemap;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.PipelineState;
import org.hiphike.protocol.Protocol;
import org.hiphike.protocol.SyntheticStreams;
import org.hiphike.source.Pty;
import org.hiphike.source.SerialSource;
import org.hiphike.source.SerialSourceConfig;
import org.hiphike.web.LiveSession;
import org.hiphike.web.Prescription;
import org.hiphike.web.PrescriptionStore;

/**
 * Latency of the live path through a real serial path: a pseudo-terminal gets one hiphike IMU frame
 * per sample at a steady rate; {@link SerialSource} reads it, the decoder and {@link LiveSession} run
 * the pipeline. Per sample three instants: just before the frame's bytes are written to the pty,
 * when the read that brought its last byte returned (the transport: kernel pty, jSerialComm's poll,
 * thread wake-up), and when the pipeline has processed it (what hiphike adds: decoding, the pipeline
 * update, the view callback).
 */
public final class LiveLatencyBench {
    /** Percentiles of one stretch of the path, microseconds ({@link Stats#percentile}). */
    public record Figures(double p50Us, double p99Us, double maxUs) {
        static Figures of(double[] us) {
            Stats.Summary s = Stats.Summary.of(us);
            return new Figures(s.median(), s.p99(), s.max());
        }

        public String line(String what) {
            return String.format(Locale.ROOT, "%-44s p50 %8.1f µs   p99 %8.1f µs   max %8.1f µs", what, p50Us, p99Us, maxUs);
        }
    }

    /**
     * @param samples   measured samples (after the warm-up)
     * @param transport write to the read returning
     * @param hiphike   read returning to the pipeline done
     * @param total     write to the pipeline done
     * @param hiphikeCpu the reader thread's CPU time from the read returning to the pipeline done: the work
     *                  itself, without the waits for a CPU that a busy machine adds to {@code hiphike}
     */
    public record Result(int samples, double rateHz, Figures transport, Figures hiphike, Figures total, Figures hiphikeCpu) {}

    private LiveLatencyBench() {}

    /** What reads the pty: the source alone, or the source feeding a live session (the pipeline and its listeners). */
    public enum Reader {
        /** A plain blocking read of the pty in raw mode, the bytes only counted: what the kernel's read costs. */
        PLAIN,
        /** {@link SerialSource} and its decoder, handing each sample to a listener that only notes the time. */
        SOURCE,
        /** {@link SerialSource} feeding a {@link LiveSession}: decoding, the pipeline, the session's listeners. */
        SESSION
    }

    /**
     * The reader thread's whole CPU time and allocation per sample, without the per-sample clocks of {@link #run}
     * (reading the thread's CPU time is itself a system call of a microsecond or more): from the warm-up's last sample
     * delivered to the last sample delivered, so the reads (the kernel's wake-up and copy, jSerialComm), decoding and
     * the listeners of {@code samples} samples. {@link Reader#PLAIN} is the floor: a plain blocking read of the pty
     * in raw mode with nothing done with the bytes.
     *
     * @return {µs of CPU per sample, bytes allocated per sample}
     */
    public static double[] cost(int samples, int warmup, double rateHz, Reader reader) throws IOException, InterruptedException {
        int n = warmup + samples;
        byte[] stream = SyntheticStreams.stream(Protocol.HIPHIKE, n, rateHz, 42);
        List<byte[]> frames = frames(stream);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long[] mark = new long[4];
        CountDownLatch allProcessed = new CountDownLatch(1);
        int[] processed = {0};
        Runnable delivered = () -> {
            int i = ++processed[0]; // samples delivered so far
            if (i == warmup || i == n) {
                int k = i == warmup ? 0 : 2;
                mark[k] = threads.getCurrentThreadCpuTime();
                mark[k + 1] = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
                if (i == n) allProcessed.countDown();
            }
        };
        try (Pty pty = Pty.open()) {
            AutoCloseable stop;
            if (reader == Reader.PLAIN) {
                Process stty = new ProcessBuilder("stty", isMac() ? "-f" : "-F", pty.slavePath(), "raw", "-echo")
                        .redirectErrorStream(true).start();
                if (stty.waitFor() != 0) throw new IOException("stty could not put " + pty.slavePath() + " in raw mode");
                int frameBytes = frames.get(1).length; // every IMU frame of the stream has the same length
                java.io.FileInputStream in = new java.io.FileInputStream(pty.slavePath());
                Thread t = new Thread(() -> {
                    byte[] buf = new byte[4096];
                    long got = 0;
                    try {
                        while (processed[0] < n) {
                            int k = in.read(buf);
                            if (k < 0) break;
                            got += k;
                            while (processed[0] < n && got >= (long) (processed[0] + 1) * frameBytes) delivered.run();
                        }
                    } catch (IOException e) {
                        // closed: the count says how far it got
                    }
                }, "bench-plain-reader");
                t.setDaemon(true);
                t.start();
                stop = in::close;
                frames.remove(0); // no HELLO: the reader only counts IMU frames
            } else {
                SerialSource source = SerialSource.open(SerialSourceConfig.of(pty.slavePath()).withProtocol(Protocol.HIPHIKE));
                if (reader == Reader.SESSION) {
                    LiveSession session = new LiveSession(PrescriptionStore.inMemory(Prescription.DEFAULTS), AxisRemap.IDENTITY,
                            PipelineSettings.DEFAULTS, null, null);
                    session.addListener(new LiveSession.Listener() {
                        @Override
                        public void sample(ImuSample s, PipelineState st) { delivered.run(); }
                    });
                    session.start(source, "sensor", pty.slavePath());
                    stop = session::close;
                } else {
                    Thread t = new Thread(() -> {
                        try {
                            source.run(s -> delivered.run());
                        } catch (IOException e) {
                            // the count says how far it got
                        }
                    }, "bench-serial-reader");
                    t.setDaemon(true);
                    t.start();
                    stop = source::close;
                }
                awaitHostStartUp(pty);
            }
            long periodNs = (long) (1e9 / rateHz);
            long t0 = System.nanoTime() + 50_000_000L;
            for (int i = 0; i < frames.size(); i++) {
                long due = t0 + i * periodNs;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait); // pacing the writer
                pty.write(frames.get(i));
            }
            boolean allDone = allProcessed.await(10, TimeUnit.SECONDS);
            try {
                stop.close();
            } catch (Exception e) {
                throw new IOException(e);
            }
            if (!allDone) throw new IOException("only " + processed[0] + " of " + n + " samples were read");
        }
        return new double[] {(mark[2] - mark[0]) / 1e3 / samples, (double) (mark[3] - mark[1]) / samples};
    }

    private static boolean isMac() { return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("mac"); }

    /** The stream cut into its frames, each with its 0x00 delimiter: the HELLO first, then one IMU frame per sample. */
    private static List<byte[]> frames(byte[] stream) {
        List<byte[]> frames = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < stream.length; i++) {
            if (stream[i] == 0) {
                frames.add(Arrays.copyOfRange(stream, start, i + 1));
                start = i + 1;
            }
        }
        return frames;
    }

    /** Waits for the reader's host start-up bytes (it is in its loop then). */
    private static void awaitHostStartUp(Pty pty) throws IOException {
        byte[] cmd = new byte[64];
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (pty.read(cmd, 100) <= 0) {
            if (System.nanoTime() > deadline) throw new IOException("the reader did not start");
        }
    }

    /** Runs {@code warmup + samples} samples at {@code rateHz} through a live session and measures the last {@code samples}. */
    public static Result run(int samples, int warmup, double rateHz) throws IOException, InterruptedException {
        return run(samples, warmup, rateHz, Reader.SESSION);
    }

    /**
     * Runs {@code warmup + samples} samples at {@code rateHz} and measures the last {@code samples}: per sample the
     * instants of the write, of the read that brought its last byte, and of its delivery ({@link Reader#SOURCE}) or
     * of the pipeline done ({@link Reader#SESSION}). {@link Reader#PLAIN} is for {@link #cost} only.
     */
    public static Result run(int samples, int warmup, double rateHz, Reader reader) throws IOException, InterruptedException {
        int n = warmup + samples;
        if (reader == Reader.PLAIN) throw new IllegalArgumentException("latency is measured through a serial source");
        List<byte[]> frames = frames(SyntheticStreams.stream(Protocol.HIPHIKE, n, rateHz, 42));
        // frames.get(0) is HELLO; frame k (k >= 1) carries sample k-1
        long[] frameEnd = new long[frames.size()];
        long cum = 0;
        for (int k = 0; k < frames.size(); k++) frameEnd[k] = cum += frames.get(k).length;
        long[] writeNs = new long[n], readNs = new long[n], doneNs = new long[n], readCpuNs = new long[n], doneCpuNs = new long[n];
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        CountDownLatch allProcessed = new CountDownLatch(1);

        try (Pty pty = Pty.open()) {
            SerialSource source = SerialSource.open(SerialSourceConfig.of(pty.slavePath()).withProtocol(Protocol.HIPHIKE));
            long[] bytesRead = {0};
            int[] nextRead = {0};
            source.rawBytes((buf, len) -> {
                long now = System.nanoTime();
                long cpuNow = cpu.getCurrentThreadCpuTime();
                bytesRead[0] += len;
                while (nextRead[0] < n && frameEnd[nextRead[0] + 1] <= bytesRead[0]) {
                    readCpuNs[nextRead[0]] = cpuNow;
                    readNs[nextRead[0]++] = now;
                }
            });
            int[] processed = {0};
            java.util.function.Consumer<ImuSample> done = s -> {
                int i = processed[0]++;
                if (i < n) {
                    doneNs[i] = System.nanoTime();
                    doneCpuNs[i] = cpu.getCurrentThreadCpuTime();
                }
                if (i == n - 1) allProcessed.countDown();
            };
            LiveSession session = null;
            Thread sourceThread = null;
            if (reader == Reader.SESSION) {
                session = new LiveSession(PrescriptionStore.inMemory(Prescription.DEFAULTS), AxisRemap.IDENTITY,
                        PipelineSettings.DEFAULTS, null, null);
                session.addListener(new LiveSession.Listener() {
                    @Override
                    public void sample(ImuSample s, PipelineState st) { done.accept(s); }
                });
                session.start(source, "sensor", pty.slavePath());
            } else {
                sourceThread = new Thread(() -> {
                    try {
                        source.run(done::accept);
                    } catch (IOException e) {
                        // the measurement says how many samples came
                    }
                }, "bench-serial-reader");
                sourceThread.start();
            }
            awaitHostStartUp(pty);
            pty.write(frames.get(0));
            long periodNs = (long) (1e9 / rateHz);
            long t0 = System.nanoTime() + 50_000_000L;
            for (int i = 0; i < n; i++) {
                long due = t0 + i * periodNs;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait); // pacing the writer
                writeNs[i] = System.nanoTime();
                pty.write(frames.get(i + 1));
            }
            boolean allDone = allProcessed.await(10, TimeUnit.SECONDS);
            if (session != null) session.close();
            else {
                source.close();
                sourceThread.join(5000);
            }
            if (!allDone) throw new IOException("only " + processed[0] + " of " + n + " samples were processed");
        }
        double[] transport = new double[samples], hiphike = new double[samples], total = new double[samples],
                hiphikeCpu = new double[samples];
        for (int k = 0; k < samples; k++) {
            int i = warmup + k;
            transport[k] = (readNs[i] - writeNs[i]) / 1e3;
            hiphike[k] = (doneNs[i] - readNs[i]) / 1e3;
            total[k] = (doneNs[i] - writeNs[i]) / 1e3;
            hiphikeCpu[k] = (doneCpuNs[i] - readCpuNs[i]) / 1e3;
        }
        return new Result(samples, rateHz, Figures.of(transport), Figures.of(hiphike), Figures.of(total), Figures.of(hiphikeCpu));
    }
}
