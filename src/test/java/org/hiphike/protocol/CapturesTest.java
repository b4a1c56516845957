package org.hiphike.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hiphike.cli.Main;
import org.hiphike.core.ImuSample;
import org.hiphike.recording.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CapturesTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void hiphikeCaptureWithDetectionAndDeviceMetadata() throws IOException {
        List<ImuSample> in = Streams.samples(500, 100, 1, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x11, 0x22, 0x00});           // a capture may start mid-frame
        out.writeBytes(Streams.hiphikeStream(in, 4, 77_000, 100));
        out.writeBytes(Streams.frame(0x03, 200, Streams.statusPayload(5_000_000, 3950, 85)));
        Path f = write("session.hhk", out.toByteArray());
        Capture c = Captures.decode(f, null, CaptureOptions.DEFAULT);
        Recording r = c.recording();
        assertTrue(c.detected());
        assertEquals(Protocol.HIPHIKE, c.protocol());
        assertEquals(500, r.samples().size());
        assertEquals("device", r.metadata().get("time_source"));
        assertEquals("100", r.metadata().get("rate_hz"));
        assertEquals("BMI270", r.metadata().get("sensor"));
        assertEquals(f.toString(), r.metadata().get("source"));
        assertEquals(4.99, r.durationS(), 1e-6);
        assertEquals(85, c.lastStatus().orElseThrow().batteryPercent().getAsInt());
        assertTrue(c.summary().startsWith("hiphike (detected): 500 samples, 1 bad frames, 74 lost frames"), c.summary());
        assertFalse(Captures.looksLikeCsvV1(f));
    }

    @Test
    void witMotionNeedsTheRateAndThenRebuildsTime() throws IOException {
        Path f = write("wit.bin", Streams.witSerialStream(Streams.witSamples(300, 100, 2)));
        CaptureException e = assertThrows(CaptureException.class, () -> Captures.read(f, null, CaptureOptions.DEFAULT));
        assertTrue(e.getMessage().contains("--rate-hz"), e.getMessage());
        Recording r = Captures.read(f, null, CaptureOptions.DEFAULT.withRateHz(100));
        assertEquals(300, r.samples().size());
        assertEquals("rebuilt", r.metadata().get("time_source"));
        assertEquals("100", r.metadata().get("rate_hz"));
        assertEquals(2.99, r.durationS(), 1e-9);
    }

    @Test
    void csvV1FilesAreNotCaptures() throws IOException {
        Path v1 = write("rec.csv", ("# hiphike recording v1\n# rate_hz: 100\n"
                + "time_s,acc_x_g,acc_y_g,acc_z_g,gyr_x_dps,gyr_y_dps,gyr_z_dps\n0,0,1,0,0,0,0\n").getBytes(StandardCharsets.UTF_8));
        Path headerOnly = write("rec2.csv", ("# sensor: bmi270\ntime_s,acc_x_g,acc_y_g,acc_z_g,gyr_x_dps,gyr_y_dps,gyr_z_dps\n")
                .getBytes(StandardCharsets.UTF_8));
        Path lines = write("arduino.txt", Streams.csvLinesStream(Streams.fourDecimalSamples(10, 100, 3), 0, 100));
        assertTrue(Captures.looksLikeCsvV1(v1));
        assertTrue(Captures.looksLikeCsvV1(headerOnly));
        assertFalse(Captures.looksLikeCsvV1(lines));
        CaptureException e = assertThrows(CaptureException.class, () -> Captures.read(v1, null, CaptureOptions.DEFAULT));
        assertTrue(e.getMessage().contains("CSV v1"), e.getMessage());
    }

    @Test
    void unknownBytesAndWrongTimeUnitAreExplained() throws IOException {
        byte[] random = new byte[5000];
        new java.util.Random(3).nextBytes(random);
        Path f = write("noise.bin", random);
        CaptureException e = assertThrows(CaptureException.class, () -> Captures.read(f, null, CaptureOptions.DEFAULT));
        assertTrue(e.getMessage().contains("--format"), e.getMessage());
        // seconds read as milliseconds: 100 Hz becomes 100 kHz
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 50; i++) sb.append(String.format(java.util.Locale.ROOT, "%.2f,0,1,0,0,0,0\n", i * 0.01));
        Path secs = write("secs.txt", sb.toString().getBytes(StandardCharsets.US_ASCII));
        CaptureException e2 = assertThrows(CaptureException.class, () -> Captures.read(secs, Protocol.CSV_LINES, CaptureOptions.DEFAULT));
        assertTrue(e2.getMessage().contains("--csv-time-unit"), e2.getMessage());
        Recording ok = Captures.read(secs, Protocol.CSV_LINES, CaptureOptions.DEFAULT.withCsvFormat(
                CsvLinesFormat.DEFAULT.withTimeUnit(CsvLinesFormat.TimeUnit.SECONDS)));
        assertEquals(50, ok.samples().size());
        assertEquals(100, ok.nominalRateHz(), 1e-6);
    }

    // ---- hiphike convert ----

    private record Run(int exit, String out, String err) {}

    private static Run convert(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "convert";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = cl.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void convertWritesCsvV1AndASummary() throws IOException {
        List<ImuSample> in = Streams.fourDecimalSamples(250, 100, 4);
        Path f = write("x.txt", Streams.ximu3AsciiStream(in, 3_000_000, 100));
        Path csv = dir.resolve("x.csv");
        Run r = convert(f.toString(), "-o", csv.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().startsWith("ximu3-ascii (detected): 250 samples, 0 bad frames, 0 lost frames, time device"), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("# hiphike recording v1", lines.get(0));
        assertTrue(lines.contains("# time_source: device"), lines.toString());
        assertTrue(lines.contains("# rate_hz: 100"), lines.toString());
        int header = lines.indexOf("time_s,acc_x_g,acc_y_g,acc_z_g,gyr_x_dps,gyr_y_dps,gyr_z_dps");
        assertTrue(header > 0);
        assertEquals(250, lines.size() - header - 1);
        ImuSample s1 = in.get(1);
        String[] row = lines.get(header + 2).split(",");
        assertEquals(0.01, Double.parseDouble(row[0]), 1e-9);
        assertEquals(s1.accG().y(), Double.parseDouble(row[2]), 1e-6);
        assertEquals(s1.gyroDps().z(), Double.parseDouble(row[6]), 1e-4);
        assertTrue(Captures.looksLikeCsvV1(csv));
    }

    @Test
    void convertCsvLinesWithOptions() throws IOException {
        Path f = write("raw.txt", "ax ay az gx gy gz\n0 16384 0 131 0 0\n0 16384 0 262 0 0\n0 16384 0 393 0 0\n"
                .getBytes(StandardCharsets.US_ASCII));
        Path csv = dir.resolve("raw.csv");
        Run r = convert(f.toString(), "-o", csv.toString(), "--format", "csv-lines", "--rate-hz", "50",
                "--csv-columns", "ax,ay,az,gx,gy,gz", "--csv-acc-unit", "counts:16384", "--csv-gyro-unit", "counts:131");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("time rebuilt at 50 Hz"), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("0.04000,0.000000,1.000000,0.000000,3.0000,0.0000,0.0000", lines.get(lines.size() - 1));
    }

    @Test
    void convertBadInputIsOneMessageAndExit2() throws IOException {
        Path csv = dir.resolve("out.csv");
        Run missing = convert(dir.resolve("nope.bin").toString(), "-o", csv.toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().startsWith("convert: no such file"), missing.err());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());

        Path wit = write("wit.bin", Streams.witSerialStream(Streams.witSamples(30, 100, 5)));
        Run noRate = convert(wit.toString(), "-o", csv.toString());
        assertEquals(2, noRate.exit());
        assertTrue(noRate.err().contains("--rate-hz"), noRate.err());
        assertFalse(noRate.err().contains("Exception"), noRate.err());

        Run badFormat = convert(wit.toString(), "-o", csv.toString(), "--format", "nmea");
        assertEquals(2, badFormat.exit());
        assertTrue(badFormat.err().contains("unknown format 'nmea'"), badFormat.err());

        Run badColumns = convert(wit.toString(), "-o", csv.toString(), "--format", "csv-lines", "--csv-columns", "t,ax");
        assertEquals(2, badColumns.exit());
        assertTrue(badColumns.err().contains("missing"), badColumns.err());
        assertFalse(Files.exists(csv), "no output from bad input");
    }
}
