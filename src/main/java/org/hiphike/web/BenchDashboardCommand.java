package org.hiphike.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hiphike.bench.Stats;
import org.hiphike.core.AxisRemap;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.recording.Recording;
import org.hiphike.sim.Scenario;
import org.hiphike.sim.Simulator;
import org.hiphike.source.SensorPorts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hiphike bench dashboard ...}: the dashboard's speed. {@code latency}: from a sample entering
 * the server to the WebSocket message carrying it arriving at a client. {@code scale}: that latency
 * with many simultaneous 100 Hz streams, each watched by a client. {@code startup}: from starting the
 * process to the page being served. Clients run in the same JVM as the server (they share its cores).
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = "Dashboard benchmarks: sample-to-client latency, streams per server, start-up time.",
        subcommands = {BenchDashboardCommand.Latency.class, BenchDashboardCommand.Scale.class, BenchDashboardCommand.Startup.class})
public final class BenchDashboardCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Runs the benchmarks on their own ({@code java -cp hiphike.jar org.hiphike.web.BenchDashboardCommand latency}). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchDashboardCommand()).execute(args));
    }

    @Command(name = "latency", mixinStandardHelpOptions = true, description = "One 100 Hz stream, one client: p50/p99 latency.")
    static final class Latency implements Callable<Integer> {
        @Option(names = "--seconds", defaultValue = "20", description = "Measured time (default ${DEFAULT-VALUE}; 3 s warm-up before).")
        double seconds;

        @Option(names = "--rate-hz", defaultValue = "100", description = "Sample rate (default ${DEFAULT-VALUE}).")
        double rateHz;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Result r = run(1, rateHz, seconds);
            PrintWriter out = spec.commandLine().getOut();
            out.println(r.line("latency, 1 stream"));
            out.flush();
            return 0;
        }
    }

    @Command(name = "scale", mixinStandardHelpOptions = true,
            description = "N simultaneous 100 Hz streams, each with a client watching: p50/p99 latency per N.")
    static final class Scale implements Callable<Integer> {
        @Option(names = "--streams", split = ",", defaultValue = "50,100,200,300,400",
                description = "Stream counts to try (default ${DEFAULT-VALUE}).")
        List<Integer> streams;

        @Option(names = "--seconds", defaultValue = "10", description = "Measured time per step (default ${DEFAULT-VALUE}).")
        double seconds;

        @Option(names = "--p99-limit-ms", defaultValue = "50", description = "A step holds when p99 is at most this (default ${DEFAULT-VALUE}).")
        double limitMs;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            int held = 0;
            for (int n : streams) {
                Result r = run(n, 100, seconds);
                boolean ok = r.p99Ms() <= limitMs && r.lost() == 0;
                if (ok) held = Math.max(held, n);
                out.println(r.line(n + " streams") + (ok ? "  holds" : "  over the limit"));
                out.flush();
            }
            out.printf(Locale.ROOT, "largest stream count with p99 <= %.0f ms: %d (%d cores)%n", limitMs, held,
                    Runtime.getRuntime().availableProcessors());
            out.flush();
            return 0;
        }
    }

    @Command(name = "startup", mixinStandardHelpOptions = true,
            description = {"Start `hiphike dashboard` as a new process and time it until the page is served, and `hiphike --version`",
                    "(the JVM start with hiphike's command line) until it exits, in turn, run after run; prints the ratio of the",
                    "medians. The target is at most 2x."})
    static final class Startup implements Callable<Integer> {
        @Option(names = "--runs", defaultValue = "5", description = "Runs of each (default ${DEFAULT-VALUE}; 1-100).")
        int runs;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (runs < 1 || runs > 100) throw new CommandLine.ParameterException(spec.commandLine(), "--runs must be 1-100");
            PrintWriter out = spec.commandLine().getOut();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String cp = System.getProperty("java.class.path");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
            double[] ms = new double[runs], versionMs = new double[runs];
            Path config = Files.createTempDirectory("hiphike-bench");
            for (int i = 0; i < runs; i++) {
                long v0 = System.nanoTime();
                Process version = new ProcessBuilder(java, "-cp", cp, "org.hiphike.cli.Main", "--version")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!version.waitFor(60, TimeUnit.SECONDS)) {
                    version.destroyForcibly();
                    throw new IllegalStateException("hiphike --version did not exit in 60 s");
                }
                versionMs[i] = Stats.millisSince(v0);
                int port = freePort();
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder(java, "-cp", cp, "org.hiphike.cli.Main", "dashboard", "--no-browser", "--source", "none",
                        "--http-port", Integer.toString(port), "--https-port", "0", "--config-dir", config.toString(),
                        "--data-dir", config.resolve("data").toString())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                try {
                    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(1)).build();
                    while (true) {
                        if (!p.isAlive()) throw new IllegalStateException("the dashboard process exited with " + p.exitValue());
                        if (System.nanoTime() - t0 > 30_000_000_000L) throw new IllegalStateException("no page after 30 s");
                        try {
                            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200 && r.body().contains("hiphike")) break;
                        } catch (java.io.IOException notYet) {
                            Thread.onSpinWait();
                        }
                        TimeUnit.MILLISECONDS.sleep(5); // polling a separate process: no event to await
                    }
                    ms[i] = Stats.millisSince(t0);
                } finally {
                    p.destroy();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
                out.printf(Locale.ROOT, "run %d: page served %.0f ms after the process started; --version %.0f ms%n", i + 1, ms[i],
                        versionMs[i]);
                out.flush();
            }
            Stats.Summary startup = Stats.Summary.of(ms), version = Stats.Summary.of(versionMs);
            out.printf(Locale.ROOT, "startup to page: median %.0f ms, worst %.0f ms (%d runs)%n", startup.median(), startup.max(), runs);
            out.printf(Locale.ROOT, "hiphike --version: median %.0f ms%n", version.median());
            out.printf(Locale.ROOT, "dashboard start to page / --version: %.2f (target <= 2)%n", startup.median() / version.median());
            return 0;
        }
    }

    record Result(int streams, long received, long lost, double p50Ms, double p99Ms, double maxMs, double messagesPerS) {
        String line(String what) {
            return String.format(Locale.ROOT, "%s: p50 %.2f ms, p99 %.2f ms, max %.1f ms; %d samples received, %d missing; %.0f messages/s",
                    what, p50Ms, p99Ms, maxMs, received, lost, messagesPerS);
        }
    }

    /** Streams {@code n} sessions at {@code rateHz} for warm-up + {@code seconds}, each watched by one WebSocket client. */
    static Result run(int n, double rateHz, double seconds) throws Exception {
        List<ImuSample> base = Simulator.simulate(Scenario.preset("clean-set", 7, Scenario.Options.NONE)).recording().samples();
        double warmupS = 3;
        int total = (int) ((warmupS + seconds) * rateHz);
        ScheduledExecutorService shared = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "bench-flush");
            t.setDaemon(true);
            return t;
        });
        PrescriptionStore store = PrescriptionStore.inMemory(Prescription.DEFAULTS);
        Map<String, LiveSession> sessions = new HashMap<>();
        for (int i = 0; i < n; i++) {
            sessions.put("s" + i, new LiveSession(store, AxisRemap.IDENTITY, PipelineSettings.DEFAULTS, shared));
        }
        LiveSession main = new LiveSession(store, AxisRemap.IDENTITY, PipelineSettings.DEFAULTS, shared);
        Javalin app = DashboardServer.create(new DashboardServer.Dependencies(main, new SourceCatalog(null, SensorPorts.NONE, 1), store,
                DashboardSecurity.open(), DashboardServer.DEFAULT_MAX_UPLOAD_BYTES, sessions)).start("127.0.0.1", 0);
        long[][] sent = new long[n][total];
        int warmupSamples = (int) (warmupS * rateHz);
        // Latencies of measured samples, in microseconds, one slot per (stream, sample).
        int measured = total - warmupSamples;
        int[] latencyUs = new int[n * measured];
        AtomicLong received = new AtomicLong(), messages = new AtomicLong();
        HttpClient http = HttpClient.newHttpClient();
        List<WebSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                final int stream = i;
                sockets.add(http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + app.port() + "/ws/live?session=s" + i),
                        new WebSocket.Listener() {
                            private final StringBuilder partial = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                partial.append(data);
                                if (last) {
                                    long now = System.nanoTime();
                                    messages.incrementAndGet();
                                    try {
                                        JsonNode m = Messages.mapper().readTree(partial.toString());
                                        if ("samples".equals(m.path("type").asText())) {
                                            for (JsonNode t : m.get("t")) {
                                                int k = (int) Math.round(t.asDouble() * rateHz);
                                                if (k >= warmupSamples && k < total) {
                                                    latencyUs[stream * measured + k - warmupSamples] = (int) Math.max(1, (now - sent[stream][k]) / 1000);
                                                    received.incrementAndGet();
                                                }
                                            }
                                        }
                                    } catch (Exception e) {
                                        throw new IllegalStateException(e);
                                    }
                                    partial.setLength(0);
                                }
                                ws.request(1);
                                return null;
                            }
                        }).get(10, TimeUnit.SECONDS));
            }
            // Feed every stream one sample per tick, as a sensor would.
            ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
            long periodNanos = (long) (1e9 / rateHz);
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            int[] next = {0};
            ScheduledFuture<?> task = feeder.scheduleAtFixedRate(() -> {
                int k = next[0]++;
                if (k >= total) {
                    done.countDown();
                    return;
                }
                ImuSample src = base.get(k % base.size());
                ImuSample s = new ImuSample(k / rateHz, src.accG(), src.gyroDps(), src.magUt());
                for (int i = 0; i < n; i++) {
                    sent[i][k] = System.nanoTime();
                    sessions.get("s" + i).offer(s);
                }
            }, 0, periodNanos, TimeUnit.NANOSECONDS);
            done.await();
            task.cancel(false);
            feeder.shutdownNow();
            // Let the last messages arrive: await the count, at most 2 s.
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (received.get() < (long) n * measured && System.nanoTime() < deadline) Thread.onSpinWait();
            Stats.Summary ms = Stats.Summary.of(Arrays.stream(latencyUs).filter(v -> v > 0).mapToDouble(v -> v / 1000.0).toArray());
            long lost = (long) n * measured - ms.count();
            return new Result(n, ms.count(), lost, ms.median(), ms.p99(), ms.max(), messages.get() / (warmupS + seconds));
        } finally {
            for (WebSocket w : sockets) w.abort();
            for (LiveSession s : sessions.values()) s.close();
            main.close();
            app.stop();
            shared.shutdownNow();
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
