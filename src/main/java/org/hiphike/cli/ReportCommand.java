package org.hiphike.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.Report;
import org.hiphike.recording.Recording;
import org.hiphike.session.ReportContext;
import org.hiphike.session.ReportExporter;
import org.hiphike.session.ReportFormat;
import org.hiphike.session.SessionStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hiphike report SESSION_OR_FILE}: a session report in HTML, PDF, CSV or JSON. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Export the report of a stored session (by id) or of a recording file (CSV v1, analysed now).",
                "HTML stands alone and prints well; PDF has the same content; CSV has one row per rep; "
                        + "JSON is the report JSON v1. Files are named by their name only, never by their folder.",
                "A stored session is compared with the prescription it was recorded with; a recording file with the one "
                        + "given here (--sets, --reps-per-set, --hold-target-s, --target-depth-deg).",
                "Exit codes: 0 written, 2 bad input (unknown session, unreadable recording, output not writable)."})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SESSION_OR_FILE",
            description = "A session id (see hiphike sessions) or a recording in CSV v1.")
    String target;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "html, pdf, csv or json (default: from the output's extension, else html).")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", required = true,
            description = "The file to write; '-' writes to standard output.")
    String output;

    @Option(names = "--join-restarts",
            description = "A recording file whose time jumps back (the sensor's clock restarted): place each stretch "
                    + "after a restart 1 s after the one before, instead of refusing it.")
    boolean joinRestarts;

    @Mixin
    PrescriptionOptions prescription;

    @Mixin
    TargetOptions targets;

    @Mixin
    DataDirOption data;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return SessionsCommand.run(spec, "report", () -> {
            boolean toStdout = output.equals("-");
            Path out = toStdout ? null : Path.of(output);
            ReportFormat fmt = format(out);
            if (!toStdout) {
                // Fail on an unusable output before the work, not after it.
                Path dir = out.toAbsolutePath().getParent();
                if (Files.isDirectory(out)) throw new IllegalArgumentException(output + " is a folder; give a file name");
                if (dir == null || !Files.isDirectory(dir)) throw new IllegalArgumentException("cannot write " + output
                        + ": the folder " + dir + " does not exist");
                if (!Files.isWritable(dir) || (Files.exists(out) && !Files.isWritable(out))) {
                    throw new IllegalArgumentException("cannot write " + output + ": permission denied");
                }
            }
            ReportContext ctx = context(fmt == ReportFormat.HTML || fmt == ReportFormat.PDF);
            if (fmt == ReportFormat.PDF) quietPdfLibraries();
            if (toStdout) {
                OutputStream stdout = System.out;
                spec.commandLine().getOut().flush();
                stdout.write(ReportExporter.render(ctx, fmt));
                stdout.flush();
            } else {
                try {
                    ReportExporter.write(ctx, fmt, out);
                } catch (java.io.IOException e) {
                    throw new java.io.IOException("cannot write " + output + ": " + e.getMessage(), e);
                }
                PrintWriter err = spec.commandLine().getErr();
                err.println("Wrote " + output + " (" + fmt.extension() + ").");
                err.flush();
            }
            return 0;
        });
    }

    /**
     * The PDF libraries log their progress and font substitutions on the console; the user only
     * needs to hear about real failures, which come back as exceptions.
     */
    private static void quietPdfLibraries() {
        if (System.getProperty("org.slf4j.simpleLogger.log.org.apache.pdfbox") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.pdfbox", "error");
        }
        com.openhtmltopdf.util.XRLog.setLoggingEnabled(false);
    }

    private ReportFormat format(Path out) {
        if (format != null) {
            try {
                return ReportFormat.valueOf(format.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown format '" + format + "' (html, pdf, csv or json)");
            }
        }
        ReportFormat byName = out == null ? null : ReportFormat.ofFile(out);
        if (byName == null && out != null) {
            String name = out.getFileName() == null ? "" : out.getFileName().toString();
            int dot = name.lastIndexOf('.');
            if (dot > 0 && dot < name.length() - 1) {
                // Writing HTML into report.docx would open as a broken document: say so instead.
                throw new IllegalArgumentException("cannot write a '" + name.substring(dot) + "' file: the output's "
                        + "extension says the format (.html, .pdf, .csv or .json), or give --format");
            }
        }
        return byName != null ? byName : ReportFormat.HTML;
    }

    /** A session when the argument is an id and no file has that name, otherwise the file. */
    private ReportContext context(boolean charts) throws Exception {
        Path file = Path.of(target);
        if (target.matches("\\d+") && !Files.exists(file)) {
            try (SessionStore store = data.open()) {
                return ReportContext.ofSession(store.get(Long.parseLong(target)), ZoneId.systemDefault(), charts);
            }
        }
        Recording recording = RecordingLoader.load(file, false, joinRestarts, new CaptureFormatOptions());
        Report report = Analysis.analyze(recording, prescription.settings(), prescription.remap());
        return ReportContext.ofRecording(recording, report, prescription.settings(), prescription.remap().name(),
                ZoneId.systemDefault(), charts, targets.targets(prescription.targetDepthDeg()));
    }
}
