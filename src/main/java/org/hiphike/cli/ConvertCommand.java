package org.hiphike.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hiphike.core.ImuSample;
import org.hiphike.protocol.Capture;
import org.hiphike.protocol.CaptureOptions;
import org.hiphike.protocol.Captures;
import org.hiphike.protocol.CsvLinesFormat;
import org.hiphike.protocol.Protocol;
import org.hiphike.recording.CsvRecordingWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hiphike convert CAPTURE -o FILE.csv}: a raw sensor capture to a CSV v1 recording. */
@Command(name = "convert",
        mixinStandardHelpOptions = true,
        description = {"Convert a raw sensor capture (the bytes a sensor sent) to a CSV v1 recording.",
                "The protocol is detected unless --format names it. Prints a one-line summary on stderr."})
public final class ConvertCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CAPTURE", description = "capture file (.hhk, .bin, .txt ...)")
    Path capture;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.csv", description = "CSV v1 file to write")
    Path output;

    @Option(names = "--format", paramLabel = "F",
            description = "protocol: auto (default), hiphike, witmotion-serial, witmotion-ble, ximu3-ascii, ximu3-binary, csv-lines")
    String format = "auto";

    @Option(names = "--rate-hz", paramLabel = "R",
            description = "sensor output rate in Hz; required for protocols without timestamps (WitMotion, CSV lines without time)")
    Double rateHz;

    @Option(names = "--csv-columns", paramLabel = "COLS",
            description = "csv-lines column order, e.g. t,ax,ay,az,gx,gy,gz (default); - skips a column")
    String csvColumns;

    @Option(names = "--csv-time-unit", paramLabel = "U", description = "csv-lines time unit: s, ms (default) or us")
    String csvTimeUnit;

    @Option(names = "--csv-acc-unit", paramLabel = "U", description = "csv-lines accelerometer unit: g (default), mps2 or counts:N (N counts per g)")
    String csvAccUnit;

    @Option(names = "--csv-gyro-unit", paramLabel = "U",
            description = "csv-lines gyroscope unit: dps (default), rads or counts:N (N counts per degree per second)")
    String csvGyroUnit;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            CaptureOptions options = options();
            Protocol protocol = null;
            if (!format.equalsIgnoreCase("auto")) {
                protocol = Protocol.byName(format).orElseThrow(() -> new IllegalArgumentException(
                        "unknown format '" + format + "' (use auto, " + Protocol.names() + ")"));
            }
            Capture c = Captures.decode(capture, protocol, options);
            write(c);
            err.println(c.summary() + " -> " + output);
            err.flush();
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("convert: " + message(e));
            err.flush();
            return 2;
        }
    }

    private static String message(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException n) return "no such file or folder: " + n.getFile();
        if (e instanceof java.nio.file.AccessDeniedException a) return "permission denied: " + a.getFile();
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private CaptureOptions options() {
        CaptureOptions o = CaptureOptions.DEFAULT;
        if (rateHz != null) o = o.withRateHz(rateHz);
        CsvLinesFormat f = CsvLinesFormat.DEFAULT;
        if (csvColumns != null) f = f.withColumns(CsvLinesFormat.parseColumns(csvColumns));
        if (csvTimeUnit != null) f = f.withTimeUnit(CsvLinesFormat.parseTimeUnit(csvTimeUnit));
        if (csvAccUnit != null) f = f.withAccSpec(csvAccUnit);
        if (csvGyroUnit != null) f = f.withGyroSpec(csvGyroUnit);
        return o.withCsvFormat(f);
    }

    private void write(Capture c) throws IOException {
        boolean mag = c.recording().samples().stream().anyMatch(ImuSample::hasMagnetometer);
        Path tmp = output.resolveSibling(output.getFileName() + ".part");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
             CsvRecordingWriter csv = new CsvRecordingWriter(w, c.recording().metadata(), mag)) {
            for (ImuSample s : c.recording().samples()) csv.write(s);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
