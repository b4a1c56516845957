package org.hiphike.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.hiphike.core.AxisRemap;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.Report;
import org.hiphike.exercise.ReportJson;
import org.hiphike.recording.Recording;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The numbers of the HTML, PDF and CSV reports are those of the report JSON; the PDF renders. */
class ReportFormatsTest {
    private static final double TABLE_TOLERANCE = 0.0051; // tables show 2 decimals
    private static ReportContext fileContext;   // one right set with every fault, analysed on the fly
    private static ReportContext sessionContext; // a stored four-set session, both sides
    private static JsonNode fileJson, sessionJson;

    @BeforeAll
    static void analyse(@TempDir Path dir) throws Exception {
        Recording rec = Fixtures.read(Fixtures.FAST_SHORT);
        Report report = Analysis.analyze(rec);
        fileContext = ReportContext.ofRecording(rec, report, PipelineSettings.DEFAULTS, "+X+Y+Z", ZoneOffset.UTC);
        fileJson = json(fileContext);
        try (SessionStore store = SessionStore.open(dir)) {
            StoredSession s = store.importRecording(Fixtures.BOTH_SIDES, Fixtures.info("both sides", Instant.parse("2026-11-05T16:00:00Z")),
                    PipelineSettings.DEFAULTS);
            store.setNotes(s.id(), "Second week; left hip a little sore <ok> & improving");
            sessionContext = ReportContext.ofSession(store.get(s.id()), ZoneOffset.UTC);
        }
        sessionJson = json(sessionContext);
    }

    private static JsonNode json(ReportContext ctx) throws Exception {
        return ReportJson.mapper().readTree(ReportExporter.render(ctx, ReportFormat.JSON));
    }

    @Test
    void jsonIsExactlyTheReportJson() throws Exception {
        String json = new String(ReportExporter.render(fileContext, ReportFormat.JSON), StandardCharsets.UTF_8);
        assertEquals(ReportJson.toJson(Analysis.analyze(Fixtures.read(Fixtures.FAST_SHORT))) + "\n", json);
        assertEquals("hiphike-report", fileJson.get("format").asText());
        assertEquals(1, fileJson.get("version").asInt());
        Report parsed = ReportJson.parse(json);
        assertEquals(fileContext.report().reps().size(), parsed.reps().size());
    }

    @Test
    void htmlNumbersEqualTheJson() throws Exception {
        for (ReportContext ctx : List.of(fileContext, sessionContext)) {
            JsonNode json = ctx == fileContext ? fileJson : sessionJson;
            String html = HtmlReport.render(ctx);
            List<List<String>> rows = rows(html, "rep");
            assertEquals(json.get("reps").size(), rows.size());
            assertTrue(rows.size() >= 10);
            for (int i = 0; i < rows.size(); i++) assertRepRow(json.get("reps").get(i), rows.get(i));

            List<String> summary = rows(html, "summary").get(0);
            JsonNode s = json.get("summary");
            assertEquals(s.get("rep_count").asText(), summary.get(0));
            assertEquals(s.get("set_count").asText(), summary.get(1));
            assertNumber(s.get("mean_peak_drop_deg").asDouble(), summary.get(4));
            assertNumber(s.get("mean_hold_s").asDouble(), summary.get(5));
            assertEquals(s.get("fault_counts").get("knee_bend").asText(), summary.get(6));
            assertEquals(s.get("fault_counts").get("short_hold").asText(), summary.get(7));
            assertEquals(s.get("fault_counts").get("too_fast").asText(), summary.get(8));

            List<List<String>> sets = rows(html, "set");
            assertEquals(json.get("sets").size(), sets.size());
            for (int i = 0; i < sets.size(); i++) {
                JsonNode set = json.get("sets").get(i);
                assertEquals(set.get("side").asText(), sets.get(i).get(1));
                assertNumber(set.get("start_s").asDouble(), sets.get(i).get(2));
                assertNumber(set.get("end_s").asDouble(), sets.get(i).get(3));
                assertEquals(set.get("rep_count").asText(), sets.get(i).get(4));
            }
            for (String key : new String[] {"level_deg", "min_peak_deg", "hold_band_deg", "knee_drop_cm", "short_hold_s", "too_fast_lower_s"}) {
                assertTrue(html.contains("<td>" + f2(json.get("thresholds").get(key).asDouble()) + "</td>"), key);
            }
        }
    }

    @Test
    void htmlStandsAloneIsWellFormedAndPrints() throws Exception {
        String html = HtmlReport.render(sessionContext);
        // No fetches: no scripts, stylesheets, images or fonts from elsewhere (only XML namespace names are URLs).
        String withoutNamespaces = html.replace("http://www.w3.org/1999/xhtml", "").replace("http://www.w3.org/2000/svg", "");
        assertFalse(withoutNamespaces.contains("http:") || withoutNamespaces.contains("https:"), "no external addresses");
        assertFalse(html.contains("<script") || html.contains("<link") || html.contains("@import"));
        assertTrue(html.contains("@page") && html.contains("page-break-inside: avoid"), "print CSS");
        // XHTML, as the PDF renderer needs; the notes are escaped.
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        assertTrue(html.contains("left hip a little sore &lt;ok&gt; &amp; improving"));
        // One chart for the whole session, and per set a drop chart and a depth-and-hold chart.
        int sets = sessionJson.get("sets").size(), setsWithTrend = 0;
        for (JsonNode set : sessionJson.get("sets")) if (set.get("rep_count").asInt() >= 2) setsWithTrend++;
        assertEquals(1 + sets + setsWithTrend, count(html, "<svg "));
        // Each rep is marked on the overall chart and on its set's chart (a dot at its peak).
        assertEquals(2 * sessionJson.get("reps").size() + sumOfSetReps(), count(html, "<circle "));
        // Plain words and the advice for each fault seen.
        assertTrue(html.contains("What to do: Keep the support knee straight and lower less"));
        assertTrue(html.contains("What to do: Count slowly to 2 on the way down."));
        assertTrue(html.contains("What to do: Hold at the bottom for a count of 2"));
        assertTrue(html.contains("with the left side dropping and"));
        assertTrue(html.contains("Depth and hold across set 1") && html.contains("From the first"));
        Files.writeString(Fixtures.outputDir().resolve("session-report.html"), html);
    }

    private static int sumOfSetReps() {
        int n = 0;
        for (JsonNode set : sessionJson.get("sets")) if (set.get("rep_count").asInt() >= 2) n += set.get("rep_count").asInt();
        return n; // the hold dots of the depth-and-hold charts
    }

    @Test
    void pdfTextHasTheJsonNumbersAndPageOneRenders() throws Exception {
        for (ReportContext ctx : List.of(fileContext, sessionContext)) {
            JsonNode json = ctx == fileContext ? fileJson : sessionJson;
            byte[] pdf = ReportExporter.render(ctx, ReportFormat.PDF);
            try (PDDocument doc = Loader.loadPDF(pdf)) {
                assertTrue(doc.getNumberOfPages() >= 2);
                String text = new PDFTextStripper().getText(doc).replaceAll("[ \\t]+", " ");
                for (JsonNode rep : json.get("reps")) {
                    String row = String.join(" ", rep.get("index").asText(), rep.get("set").asText(), rep.get("side").asText(),
                            f2(rep.get("start_s").asDouble()), f2(rep.get("bottom_s").asDouble()), f2(rep.get("end_s").asDouble()),
                            f2(rep.get("peak_drop_deg").asDouble()), f2(rep.get("hold_s").asDouble()),
                            f2(rep.get("lower_s").asDouble()), f2(rep.get("raise_s").asDouble()),
                            f2(rep.get("knee_drop_cm").asDouble()));
                    assertTrue(text.contains(row), "PDF has rep row: " + row);
                }
                JsonNode s = json.get("summary");
                String summaryRow = s.get("rep_count").asText() + " " + s.get("set_count").asText();
                assertTrue(text.contains(summaryRow + " "), summaryRow);
                assertTrue(text.contains(f2(s.get("mean_peak_drop_deg").asDouble()) + " " + f2(s.get("mean_hold_s").asDouble())));
                assertTrue(text.contains("Count slowly to 2 on the way down."));

                BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(0, 72);
                Path png = Fixtures.outputDir().resolve((ctx == fileContext ? "file" : "session") + "-report-page1.png");
                ImageIO.write(page, "png", png.toFile());
                assertTrue(Files.size(png) > 10_000, "page 1 rendered to " + png);
                assertTrue(darkPixelShare(page) > 0.01, "page 1 has content");
            }
            if (ctx == sessionContext) Files.write(Fixtures.outputDir().resolve("session-report.pdf"), pdf);
        }
    }

    @Test
    void csvHasOneRowPerRepWithTheJsonNumbers() throws Exception {
        String csv = new String(ReportExporter.render(sessionContext, ReportFormat.CSV), StandardCharsets.UTF_8);
        String[] lines = csv.split("\n");
        assertEquals(CsvReport.HEADER, lines[0]);
        JsonNode reps = sessionJson.get("reps");
        assertEquals(reps.size() + 1, lines.length);
        String[] names = lines[0].split(",");
        for (int i = 0; i < reps.size(); i++) {
            String[] cells = lines[i + 1].split(",", -1);
            assertEquals(names.length, cells.length);
            assertEquals(sessionContext.sessionId().toString(), cells[0]);
            JsonNode rep = reps.get(i);
            assertEquals(rep.get("index").asInt(), Integer.parseInt(cells[1]));
            assertEquals(rep.get("side").asText(), cells[3]);
            for (int c = 4; c <= 11; c++) assertEquals(rep.get(names[c]).asDouble(), Double.parseDouble(cells[c]), 1e-9, names[c]);
            List<String> faults = new ArrayList<>();
            rep.get("faults").forEach(f -> faults.add(f.asText()));
            assertEquals(String.join(";", faults), cells[12]);
        }
    }

    @Test
    void traceFollowsThePipelineAndReachesEachPeak() throws Exception {
        AngleTrace trace = AngleTrace.of(Fixtures.read(Fixtures.FAST_SHORT), PipelineSettings.DEFAULTS, AxisRemap.IDENTITY);
        assertTrue(trace.size() > 5000);
        for (var rep : fileContext.report().reps()) {
            double sign = rep.side().jsonName().equals("left") ? 1 : -1;
            double best = 0;
            for (int i = 0; i < trace.size(); i++) {
                if (trace.timeS(i) >= rep.startS() && trace.timeS(i) <= rep.endS()) best = Math.max(best, sign * trace.obliquityDeg(i));
            }
            // The rep's peak is measured on its own trace with the final axis; the live trace is close to it.
            assertEquals(rep.peakDropDeg(), best, 1.5, "rep " + rep.index());
        }
    }

    // ---- helpers ----

    private static void assertRepRow(JsonNode rep, List<String> cells) {
        assertEquals(rep.get("index").asText(), cells.get(0));
        assertEquals(rep.get("set").asText(), cells.get(1));
        assertEquals(rep.get("side").asText(), cells.get(2));
        String[] keys = {"start_s", "bottom_s", "end_s", "peak_drop_deg", "hold_s", "lower_s", "raise_s", "knee_drop_cm"};
        for (int k = 0; k < keys.length; k++) assertNumber(rep.get(keys[k]).asDouble(), cells.get(3 + k));
        List<String> faults = new ArrayList<>();
        rep.get("faults").forEach(f -> faults.add(f.asText()));
        assertEquals(faults.isEmpty() ? "-" : String.join(" ", faults), cells.get(11));
    }

    private static void assertNumber(double expected, String cell) {
        assertEquals(expected, Double.parseDouble(cell), TABLE_TOLERANCE, cell);
    }

    /** The cell texts of the table rows with this class. */
    private static List<List<String>> rows(String html, String rowClass) {
        List<List<String>> rows = new ArrayList<>();
        Matcher row = Pattern.compile("<tr class=\"" + rowClass + "( [^\"]*)?\">(.*?)</tr>").matcher(html);
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = Pattern.compile("<td>(.*?)</td>").matcher(row.group(2));
            while (cell.find()) cells.add(cell.group(1));
            rows.add(cells);
        }
        return rows;
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }

    private static double darkPixelShare(BufferedImage img) {
        long dark = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int lum = ((rgb >> 16) & 0xFF) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF);
                if (lum < 3 * 128) dark++;
            }
        }
        return (double) dark / ((long) img.getWidth() * img.getHeight());
    }

    private static String f2(double v) { return String.format(Locale.ROOT, "%.2f", v); }
}
