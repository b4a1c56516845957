package org.hiphike.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.hiphike.exercise.ReportJson;

/** Writes a report in one of the {@link ReportFormat}s. */
public final class ReportExporter {
    private ReportExporter() {}

    /** The report's bytes in a format. JSON is exactly the report JSON v1 (spec section 5). */
    public static byte[] render(ReportContext ctx, ReportFormat format) throws IOException {
        return switch (format) {
            case HTML -> HtmlReport.render(ctx).getBytes(StandardCharsets.UTF_8);
            case PDF -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
                PdfReport.write(ctx, out);
                yield out.toByteArray();
            }
            case CSV -> CsvReport.render(ctx.report(), ctx.sessionId()).getBytes(StandardCharsets.UTF_8);
            case JSON -> (ReportJson.toJson(ctx.report()) + "\n").getBytes(StandardCharsets.UTF_8);
        };
    }

    /**
     * Writes the report to a file, replacing it whole: it is written beside the target and moved
     * into place, so a failure never leaves half a report. The file is readable and writable by its owner only
     * (0600 on Linux and macOS, from the temporary file it is written as): a report is health data, and a folder such
     * as /tmp or a shared home is read by others; the owner shares it on purpose (chmod, or sending it).
     */
    public static void write(ReportContext ctx, ReportFormat format, Path out) throws IOException {
        byte[] bytes = render(ctx, format);
        Path target = out.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new IOException("the folder " + dir + " does not exist");
        if (Files.isDirectory(target)) throw new IOException(out + " is a folder");
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
