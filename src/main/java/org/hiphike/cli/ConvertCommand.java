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
import picocli.CommandLine.Mixin;
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

    @Mixin
    CaptureFormatOptions captureFormat;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Capture c = Captures.decode(capture, captureFormat.protocol(), captureFormat.options());
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
