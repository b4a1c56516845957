package org.hiphike.session;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The PDF report: the HTML report rendered by openhtmltopdf, with the charts as PNG images (the
 * renderer draws no SVG). Same words, tables and numbers as the HTML.
 */
public final class PdfReport {
    private PdfReport() {}

    /**
     * The PDF libraries log their progress and font substitutions on the console (the dashboard's terminal when it
     * exports a PDF, the report command's); the user only needs to hear about real failures, which come back as
     * exceptions. openhtmltopdf logs through java.util.logging unless told not to; PDFBox's level is set in
     * simplelogger.properties.
     */
    static void quiet() {
        com.openhtmltopdf.util.XRLog.setLoggingEnabled(false);
    }

    public static void write(ReportContext ctx, OutputStream out) throws IOException {
        quiet();
        String html = HtmlReport.render(ctx, HtmlReport.Charts.PNG);
        PdfRendererBuilder builder = new PdfRendererBuilder();
        builder.useFastMode();
        // The renderer's findings (CSS it does not support and the like) are not for the user;
        // a real failure comes back as an exception.
        builder.withDiagnosticConsumer(diagnostic -> { });
        builder.withHtmlContent(html, null);
        builder.withProducer("hiphike");
        builder.toStream(out);
        try {
            builder.run();
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IOException("the PDF could not be made: " + e.getMessage(), e);
        }
    }
}
