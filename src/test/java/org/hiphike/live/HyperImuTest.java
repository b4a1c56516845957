package org.hiphike.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.Report;
import org.hiphike.exercise.ReportJson;
import org.hiphike.exercise.Side;
import org.hiphike.recording.Recording;
import org.hiphike.sim.Scenario;
import org.hiphike.sim.Simulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HyperIMU app as the sensor, over real sockets: a recording sent as HyperIMU's CSV packets (epoch ms, m/s², rad/s)
 * to {@code live --udp} and {@code live --tcp} gets the reps {@code analyze} counts in the same lines kept as a file,
 * and in the recording itself.
 */
@Timeout(120)
class HyperImuTest {
    @TempDir
    Path dir;

    /** 1 December 2025, ms since 1970: the phone's clock at the first sample. */
    static final long T0_MS = 1_764_547_200_000L;
    static final double G = 9.80665;

    /** A left set of 3 reps by a phone-grade sensor at 100 Hz, worn screen out (the phone's axes are the worn frame). */
    static Recording recording() {
        return Simulator.simulate(Scenario.preset("clean-set", 7, new Scenario.Options(Side.LEFT, 3, "phone", 100.0, null, null)))
                .recording();
    }

    /** HyperIMU's packets of the recording: "timestamp,acc x,y,z,gyro x,y,z", CR LF or '#' ended. */
    static List<String> packets(Recording rec, String end) {
        List<String> out = new ArrayList<>();
        for (ImuSample s : rec.samples()) {
            out.add(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.7f,%.7f,%.7f%s", T0_MS + Math.round(s.timeS() * 1000),
                    s.accG().x() * G, s.accG().y() * G, s.accG().z() * G, Math.toRadians(s.gyroDps().x()),
                    Math.toRadians(s.gyroDps().y()), Math.toRadians(s.gyroDps().z()), end));
        }
        return out;
    }

    /** {@code analyze} of the packets kept as a file, read with the same decoder and units. */
    Report analyzeOfTheLines(List<String> packets) throws Exception {
        Path file = dir.resolve("hyperimu.csv");
        Files.writeString(file, String.join("", packets).replace("#", "\r\n"));
        LiveCommandsTest.Run r = LiveCommandsTest.run("analyze", "--json", "--format", "csv-lines", "--csv-acc-unit", "mps2",
                "--csv-gyro-unit", "rads", file.toString());
        assertEquals(0, r.exit(), r.err());
        return ReportJson.parse(r.out());
    }

    static int freePort(boolean udp) throws Exception {
        if (udp) {
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Runs {@code live} with {@code args} for {@code seconds} in the background. */
    static CompletableFuture<LiveCommandsTest.Run> live(double seconds, String... args) {
        List<String> all = new ArrayList<>(List.of("live", "--json", "--no-dashboard", "--no-save", "--duration", Double.toString(seconds)));
        all.addAll(List.of(args));
        return CompletableFuture.supplyAsync(() -> LiveCommandsTest.run(all.toArray(String[]::new)));
    }

    private void sameRepsAsAnalyze(Report expected, Report live, Recording rec) {
        Report ofRecording = Analysis.analyze(rec);
        assertTrue(expected.reps().size() >= 3, "analyze counts the set's reps: " + expected.reps().size());
        assertEquals(ofRecording.reps().size(), expected.reps().size(), "the lines hold the recording's reps");
        assertEquals(expected.reps().size(), live.reps().size(), "live counts the reps analyze counts: " + live.reps());
        for (int i = 0; i < expected.reps().size(); i++) {
            assertEquals(expected.reps().get(i).side(), live.reps().get(i).side());
            assertEquals(expected.reps().get(i).peakDropDeg(), live.reps().get(i).peakDropDeg(), 1e-6, "peak of rep " + (i + 1));
        }
        // The csv-lines clock holds each sample until the next timestamp confirms it: the last one is still held when
        // the session stops at its duration.
        assertEquals(expected.recording().samples() - 1, live.recording().samples(), "every packet but the last became a sample");
    }

    @Test
    void overUdpADatagramPerPacketGetsTheRepsOfAnalyze() throws Exception {
        Recording rec = recording();
        List<String> packets = packets(rec, "\r\n");
        Report expected = analyzeOfTheLines(packets);
        int port = freePort(true);
        double sendS = packets.size() / 2000.0;
        CompletableFuture<LiveCommandsTest.Run> run = live(sendS + 4, "--udp", "127.0.0.1:" + port);
        Thread.sleep(1500); // listening
        try (DatagramSocket out = new DatagramSocket()) {
            InetAddress to = InetAddress.getLoopbackAddress();
            byte[] junk = "x".repeat(3000).getBytes(StandardCharsets.US_ASCII); // longer than a datagram may be: dropped
            out.send(new DatagramPacket(junk, junk.length, to, port));
            // 2000 packets a second: twenty times HyperIMU's pace, slow enough for the socket's buffer.
            long t0 = System.nanoTime();
            for (int i = 0; i < packets.size(); i++) {
                byte[] b = packets.get(i).getBytes(StandardCharsets.US_ASCII);
                out.send(new DatagramPacket(b, b.length, to, port));
                long due = t0 + i * 500_000L;
                while (System.nanoTime() < due) LockSupport.parkNanos(50_000);
            }
        }
        LiveCommandsTest.Run r = run.get(60, TimeUnit.SECONDS);
        assertEquals(0, r.exit(), r.err());
        sameRepsAsAnalyze(expected, ReportJson.parse(r.out()), rec);
        assertTrue(r.err().contains("udp://127.0.0.1:" + port), r.err());
        assertTrue(r.err().contains("csv-lines"), r.err());
    }

    @Test
    void overTcpWithHashEndedPacketsInArbitraryPiecesGetsTheRepsOfAnalyze() throws Exception {
        Recording rec = recording();
        List<String> packets = packets(rec, "#");
        Report expected = analyzeOfTheLines(packets);
        int port = freePort(false);
        CompletableFuture<LiveCommandsTest.Run> run = live(8, "--tcp", "127.0.0.1:" + port);
        byte[] all = String.join("", packets).getBytes(StandardCharsets.US_ASCII);
        Socket s = null;
        long end = System.nanoTime() + 10_000_000_000L;
        while (s == null && System.nanoTime() < end) {
            try {
                s = new Socket(InetAddress.getLoopbackAddress(), port); // HyperIMU is the client
            } catch (java.net.ConnectException e) {
                Thread.sleep(100);
            }
        }
        assertTrue(s != null, "live listens on TCP");
        try (Socket c = s; OutputStream o = c.getOutputStream()) {
            // Pieces of 1 to 700 bytes: packets split across reads and several in one.
            java.util.Random random = new java.util.Random(5);
            for (int i = 0; i < all.length; ) {
                int n = Math.min(all.length - i, 1 + random.nextInt(700));
                o.write(all, i, n);
                o.flush();
                i += n;
                if (random.nextInt(8) == 0) Thread.sleep(1);
            }
        }
        LiveCommandsTest.Run r = run.get(60, TimeUnit.SECONDS);
        assertEquals(0, r.exit(), r.err());
        sameRepsAsAnalyze(expected, ReportJson.parse(r.out()), rec);
    }

    @Test
    void aNetworkAddressNeedsThePhonesAddressAndABadPortIsOneMessage() {
        LiveCommandsTest.Run lan = LiveCommandsTest.run("live", "--no-dashboard", "--no-save", "--udp", "0.0.0.0:5555");
        assertEquals(2, lan.exit());
        assertTrue(lan.err().contains("--sensor-from"), lan.err());
        LiveCommandsTest.Run bad = LiveCommandsTest.run("live", "--no-dashboard", "--no-save", "--tcp", "localhost:http");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("[HOST:]PORT"), bad.err());
    }
}
