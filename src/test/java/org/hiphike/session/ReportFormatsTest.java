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
import org.hiphike.exercise.ExerciseSet;
import org.hiphike.exercise.Fault;
import org.hiphike.exercise.Rep;
import org.hiphike.exercise.Thresholds;
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
    private static final double TARGET_DEPTH = 8.0;
    private static ReportContext fileContext;   // one right set with every fault, analysed on the fly
    private static ReportContext sessionContext; // a stored four-set session, both sides, stored from its absolute path
    private static ReportContext shallowContext; // the right set again, with a prescription: a target depth and a hold
    private static ReportContext longContext;    // a stored 24-minute session with its prescription's targets
    private static JsonNode fileJson, sessionJson, shallowJson;
    private static Path dataDir;

    @BeforeAll
    static void analyse(@TempDir Path dir) throws Exception {
        dataDir = dir.toAbsolutePath();
        Recording rec = Fixtures.read(Fixtures.FAST_SHORT);
        Report report = Analysis.analyze(rec);
        fileContext = ReportContext.ofRecording(rec, report, PipelineSettings.DEFAULTS, "+X+Y+Z", ZoneOffset.UTC);
        fileJson = json(fileContext);
        PipelineSettings prescribed = PipelineSettings.DEFAULTS.withThresholds(Thresholds.DEFAULTS.withTargetDepthDeg(TARGET_DEPTH));
        Recording absolute = Fixtures.read(Fixtures.FAST_SHORT.toAbsolutePath());
        shallowContext = ReportContext.ofRecording(absolute, Analysis.analyze(absolute, prescribed, AxisRemap.IDENTITY), prescribed,
                "+X+Y+Z", ZoneOffset.UTC, true, new Targets(10, 2, 4.0, TARGET_DEPTH));
        shallowJson = json(shallowContext);
        try (SessionStore store = SessionStore.open(dir)) {
            String source = Fixtures.BOTH_SIDES.toAbsolutePath().toString();
            StoredSession s = store.importRecording(Fixtures.BOTH_SIDES, Fixtures.info(source, Instant.parse("2026-11-05T16:00:00Z")),
                    PipelineSettings.DEFAULTS);
            store.setNotes(s.id(), "Second week; left hip a little sore <ok> & improving");
            sessionContext = ReportContext.ofSession(store.get(s.id()), ZoneOffset.UTC);
            SessionInfo longInfo = new SessionInfo(Instant.parse("2026-11-12T09:30:00Z"), Fixtures.LONG.toAbsolutePath().toString(),
                    "bmi270", 100, "+X+Y+Z", prescribed.thresholds(), "", new Targets(12, 6, 2.0, TARGET_DEPTH));
            StoredSession l = store.importRecording(Fixtures.LONG, longInfo, prescribed);
            longContext = ReportContext.ofSession(store.get(l.id()), ZoneOffset.UTC);
        }
        sessionJson = json(sessionContext);
    }

    private static JsonNode json(ReportContext ctx) throws Exception {
        return ReportJson.mapper().readTree(ReportExporter.render(ctx, ReportFormat.JSON));
    }

    @Test
    void jsonIsExactlyTheReportJson() throws Exception {
        String json = new String(ReportExporter.render(fileContext, ReportFormat.JSON), StandardCharsets.UTF_8);
        assertEquals(ReportJson.toJson(Analysis.analyze(Fixtures.read(Fixtures.FAST_SHORT))) + "\n",
                json.replace("\"source\": \"right-set", "\"source\": \"samples/right-set"), "the report JSON, its source by name");
        assertEquals("right-set_fast-drops_short-holds_100hz.csv", fileJson.at("/recording/source").asText());
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
            assertEquals(s.get("fault_counts").get("too_shallow").asText(), summary.get(9));

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
        // Each rep is marked on the overall chart and on its set's chart at its peak: a dot when clean, a triangle when
        // it had a fault (a shape, not only a colour); the depth-and-hold charts add a triangle over each faulty bar.
        int faulty = 0, faultyInTrends = 0;
        for (JsonNode rep : sessionJson.get("reps")) {
            if (rep.get("faults").isEmpty()) continue;
            faulty++;
            for (JsonNode set : sessionJson.get("sets")) {
                if (set.get("index").asInt() == rep.get("set").asInt() && set.get("rep_count").asInt() >= 2) faultyInTrends++;
            }
        }
        assertTrue(faulty > 0);
        assertEquals(2 * (sessionJson.get("reps").size() - faulty) + sumOfSetReps(), count(html, "<circle "));
        assertEquals(2 * faulty + faultyInTrends, count(html, "<polygon class=\"fault\""));
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


    // ---- what a therapist reads ----

    @Test
    void tooShallowMarksEveryRepUnderTheTargetDepthAndNoneWithoutOne() throws Exception {
        List<Rep> plain = fileContext.report().reps(), judged = shallowContext.report().reps();
        assertEquals(plain.size(), judged.size(), "the target depth changes no rep's detection");
        int shallow = 0;
        for (int i = 0; i < judged.size(); i++) {
            Rep p = plain.get(i), j = judged.get(i);
            assertEquals(p.peakDropDeg(), j.peakDropDeg(), 0, "rep " + j.index());
            assertFalse(p.has(Fault.TOO_SHALLOW), "no target depth, never too shallow: rep " + p.index());
            assertEquals(j.peakDropDeg() < TARGET_DEPTH, j.has(Fault.TOO_SHALLOW), "rep " + j.index() + " at " + j.peakDropDeg());
            List<Fault> others = new ArrayList<>(j.faults());
            others.remove(Fault.TOO_SHALLOW);
            assertEquals(p.faults(), others, "the other faults stay: rep " + j.index());
            if (j.has(Fault.TOO_SHALLOW)) shallow++;
        }
        assertTrue(shallow > 0 && shallow < judged.size(), "the sample has reps on both sides of " + TARGET_DEPTH + ": " + shallow);

        // JSON: counted, and the threshold stated; without a target the count is 0 and no threshold is stated.
        assertEquals(shallow, shallowJson.at("/summary/fault_counts/too_shallow").asInt());
        assertEquals(TARGET_DEPTH, shallowJson.at("/thresholds/target_depth_deg").asDouble());
        assertEquals(0, fileJson.at("/summary/fault_counts/too_shallow").asInt());
        assertTrue(fileJson.at("/thresholds/target_depth_deg").isMissingNode());
        String once = ReportJson.toJson(shallowContext.report());
        assertEquals(once, ReportJson.toJson(ReportJson.parse(once)), "JSON round trip");

        // CSV: the JSON name in the faults column of exactly those reps.
        String[] lines = new String(ReportExporter.render(shallowContext, ReportFormat.CSV), StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < judged.size(); i++) {
            String faults = lines[i + 1].substring(lines[i + 1].lastIndexOf(',') + 1);
            assertEquals(judged.get(i).has(Fault.TOO_SHALLOW), List.of(faults.split(";")).contains("too_shallow"), lines[i + 1]);
        }
        String plainCsv = new String(ReportExporter.render(fileContext, ReportFormat.CSV), StandardCharsets.UTF_8);
        assertFalse(plainCsv.contains("too_shallow"));

        // HTML: in words in the rep rows, the advice and the thresholds.
        String html = HtmlReport.render(shallowContext);
        List<List<String>> rows = rows(html, "rep");
        for (int i = 0; i < judged.size(); i++) {
            assertEquals(judged.get(i).has(Fault.TOO_SHALLOW), rows.get(i).get(11).contains("too shallow"), rows.get(i).toString());
        }
        assertTrue(html.contains("<b>Too shallow</b> in " + shallow + " of "), "advice");
        assertTrue(html.contains("the pelvis dropped less than the prescribed 8.0 degrees"));
        assertTrue(html.contains("<th>Too shallow: peak drop under (deg)</th><td>8.00</td>"));
        assertTrue(HtmlReport.render(fileContext).contains("<td>not judged: no depth prescribed</td>"));
    }

    @Test
    void noRawFaultNameNorLocalPathInAnyReadableReport() throws Exception {
        for (ReportContext ctx : List.of(fileContext, sessionContext, shallowContext, longContext)) {
            String html = HtmlReport.render(ctx);
            String pdf = pdfText(ReportExporter.render(ctx, ReportFormat.PDF));
            String json = new String(ReportExporter.render(ctx, ReportFormat.JSON), StandardCharsets.UTF_8);
            String label = ctx.report().recording().source();
            for (String text : List.of(visibleText(html), pdf)) {
                for (Fault f : Fault.values()) {
                    assertFalse(text.contains(f.jsonName()), label + ": the raw name " + f.jsonName() + " in " + around(text, f.jsonName()));
                }
                // Never "knee_bend 4": faults with their counts read "knee bent (4 reps)".
                assertFalse(Pattern.compile("[a-z]_[a-z]+ \\d").matcher(text).find(), label);
            }
            for (String text : List.of(html, pdf, json)) {
                for (String local : List.of(dataDir.toString(), Fixtures.SAMPLES.toAbsolutePath().toString(), "samples/")) {
                    assertFalse(text.contains(local), label + ": a local path " + local + " in " + around(text, local));
                }
                Matcher abs = Pattern.compile("(?<![\\w.:])/(?!dev/)[\\w.-]+/[\\w./-]+").matcher(text.replace("http://www.w3.org/", ""));
                assertFalse(abs.find(), label + ": an absolute path " + (abs.hitEnd() ? "" : abs.group()));
            }
            assertTrue(html.contains("<td>" + Html.escape(Path.of(label).getFileName().toString()) + "</td>"), "source by name: " + label);
        }
        assertTrue(sessionContext.recordingFile().endsWith(".csv") && !sessionContext.recordingFile().contains("/"));
        assertTrue(HtmlReport.render(sessionContext).contains("knee bent ("), "faults with their counts in words");
        assertEquals("replay of x.csv", ReportContext.fileNamesOnly("replay of /home/ann/my files/x.csv"));
        assertEquals("x.csv", ReportContext.fileNamesOnly("C:\\Users\\Ann Smith\\x.csv"));
        assertEquals("/dev/ttyUSB0", ReportContext.fileNamesOnly("/dev/ttyUSB0"));
        assertEquals("cannot write 12.csv: disk full", ReportContext.pathsToNames("cannot write /home/ann/data/12.csv: disk full"));
    }

    @Test
    void everyReadableReportCarriesTheSafetyNote() throws Exception {
        for (ReportContext ctx : List.of(fileContext, sessionContext, shallowContext, longContext)) {
            String html = visibleText(HtmlReport.render(ctx));
            String page1;
            try (PDDocument doc = Loader.loadPDF(ReportExporter.render(ctx, ReportFormat.PDF))) {
                PDFTextStripper first = new PDFTextStripper();
                first.setStartPage(1);
                first.setEndPage(1);
                page1 = first.getText(doc).replaceAll("\\s+", " ");
            }
            for (String text : List.of(html, page1)) {
                assertTrue(text.contains("not for everyone"), text);
                assertTrue(text.contains("check with your physical therapist"));
                assertTrue(text.contains("total hip replacement without your surgeon's clearance"));
                assertTrue(text.contains("hip precautions"));
                assertTrue(text.contains("Stop if it hurts."));
            }
        }
    }

    @Test
    void theFirstPageComparesThePrescriptionWithWhatWasDoneAndTheHoldAdviceFollowsItsTarget() throws Exception {
        String html = HtmlReport.render(shallowContext);
        List<List<String>> rows = rowsWithHeader(html, "prescribed");
        Report r = shallowContext.report();
        long deep = r.reps().stream().filter(x -> x.peakDropDeg() >= TARGET_DEPTH).count();
        long held = r.reps().stream().filter(x -> x.holdS() >= 4.0).count();
        int n = r.reps().size();
        // prescribed, left, right, both
        assertEquals(List.of("Sets", "2", "0", "1", "1"), rows.get(0));
        assertEquals(List.of("Repetitions per set", "10", "-", Integer.toString(n), n + " in all"), rows.get(1));
        assertEquals(List.of("Peak drop (deg), mean", "8.0", "-", f2(r.summary().meanPeakDropDeg()), f2(r.summary().meanPeakDropDeg())),
                rows.get(2));
        assertEquals(List.of("Reached the depth", "at least 8.0 deg", "-", deep + " of " + n, deep + " of " + n), rows.get(3));
        assertEquals(List.of("Held for the target", "at least 4.0 s", "-", held + " of " + n, held + " of " + n), rows.get(5));
        assertTrue(html.contains("1 set done of 2 prescribed; " + n + " repetitions of 20 (2 x 10)"), "in words");
        // The hold advice counts to the prescribed 4 s; without a prescription, to 2.
        assertTrue(html.contains("Hold at the bottom for a count of 4 before raising."));
        assertFalse(html.contains("count of 2 before raising"));
        assertTrue(HtmlReport.render(fileContext).contains("Hold at the bottom for a count of 2 before raising."));
        assertTrue(HtmlReport.render(fileContext).contains("No prescription is known for this recording"));

        // In the PDF all of it is on page 1, the detail after it.
        for (ReportContext ctx : List.of(shallowContext, longContext)) {
            try (PDDocument doc = Loader.loadPDF(ReportExporter.render(ctx, ReportFormat.PDF))) {
                PDFTextStripper first = new PDFTextStripper();
                first.setStartPage(1);
                first.setEndPage(1);
                String page1 = first.getText(doc);
                for (String heading : List.of("Prescribed and done", "Summary", "What to work on", "Left and right")) {
                    assertTrue(page1.contains(heading), heading + " on page 1");
                }
                assertFalse(page1.contains("Drop angle over time"), "the detail starts on page 2");
                PDFTextStripper second = new PDFTextStripper();
                second.setStartPage(2);
                second.setEndPage(2);
                assertTrue(second.getText(doc).strip().startsWith("Drop angle over time"), "nothing of the summary spills over");
            }
        }
    }

    @Test
    void aLongSessionsPdfStaysShort() throws Exception {
        Report r = longContext.report();
        assertTrue(longContext.report().recording().durationS() > 20 * 60, "a session of over 20 minutes");
        assertTrue(r.reps().size() >= 100 && r.sets().size() >= 6, r.reps().size() + " reps in " + r.sets().size() + " sets");
        byte[] pdf = ReportExporter.render(longContext, ReportFormat.PDF);
        Files.write(Fixtures.outputDir().resolve("long-session-report.pdf"), pdf);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertTrue(doc.getNumberOfPages() <= 4, "pages: " + doc.getNumberOfPages());
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            // The per-rep detail summarised per set: every set's row, its range of depths.
            for (ExerciseSet set : r.sets()) {
                List<Rep> reps = HtmlReport.repsOf(r, set);
                double lo = reps.stream().mapToDouble(Rep::peakDropDeg).min().orElseThrow();
                double hi = reps.stream().mapToDouble(Rep::peakDropDeg).max().orElseThrow();
                String row = set.index() + " " + set.side().jsonName() + " " + reps.size() + " " + f2(lo) + " - " + f2(hi);
                assertTrue(text.contains(row), "set row " + row);
            }
            assertTrue(text.contains("every repetition's numbers are in the CSV and JSON"));
        }
        // Short sessions keep the per-rep table.
        assertEquals(sessionJson.get("reps").size(), rows(HtmlReport.render(sessionContext), "rep").size());
        assertEquals(0, rows(HtmlReport.render(longContext), "rep").size());
    }

    @Test
    void noChartTextIsCutAtTheEdge() throws Exception {
        List<Chart> charts = new ArrayList<>();
        for (ReportContext ctx : List.of(fileContext, sessionContext, longContext)) {
            Report r = ctx.report();
            AngleTrace tr = ctx.trace();
            charts.add(HtmlReport.angleChart(tr, tr.timeS(0), tr.timeS(tr.size() - 1), 0, r.reps(), r.sets(), r.thresholds(), "all"));
            for (ExerciseSet set : r.sets()) {
                List<Rep> reps = HtmlReport.repsOf(r, set);
                charts.add(HtmlReport.angleChart(tr, set.startS() - 3, set.endS() + 3, set.side().jsonName().equals("left") ? 1 : -1,
                        reps, List.of(set), r.thresholds(), "set"));
                if (reps.size() >= 2) charts.add(HtmlReport.trendChart(reps, r.thresholds(), List.of(set), "trend"));
            }
            charts.add(HtmlReport.trendChart(r.reps(), r.thresholds().withTargetDepthDeg(TARGET_DEPTH), r.sets(), "every rep"));
        }
        int texts = 0;
        for (Chart c : charts) {
            for (Chart.Text t : c.texts()) {
                var b = Chart.bounds(t);
                texts++;
                assertTrue(b.getMinX() >= 0 && b.getMaxX() <= c.width && b.getMinY() >= 0 && b.getMaxY() <= c.height,
                        "'" + t.text() + "' at " + b + " in a chart of " + c.width + " x " + c.height);
            }
        }
        assertTrue(texts > 100);
    }

    // ---- helpers ----

    /** The text a reader sees in the HTML: no style sheet, no tags, entities resolved. */
    private static String visibleText(String html) {
        String body = html.replaceAll("(?s)<style>.*?</style>", "").replaceAll("(?s)<title>.*?</title>", "");
        return body.replaceAll("<[^>]+>", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&").replaceAll("\\s+", " ");
    }

    private static String pdfText(byte[] pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
        }
    }

    private static String around(String text, String what) {
        int i = text.indexOf(what);
        return i < 0 ? "" : "'..." + text.substring(Math.max(0, i - 60), Math.min(text.length(), i + what.length() + 60)) + "...'";
    }

    /** The header cell and the data cells of the table rows with this class. */
    private static List<List<String>> rowsWithHeader(String html, String rowClass) {
        List<List<String>> rows = new ArrayList<>();
        Matcher row = Pattern.compile("<tr class=\"" + rowClass + "( [^\"]*)?\">(.*?)</tr>").matcher(html);
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = Pattern.compile("<t[hd]>(.*?)</t[hd]>").matcher(row.group(2));
            while (cell.find()) cells.add(cell.group(1));
            rows.add(cells);
        }
        return rows;
    }

    private static void assertRepRow(JsonNode rep, List<String> cells) {
        assertEquals(rep.get("index").asText(), cells.get(0));
        assertEquals(rep.get("set").asText(), cells.get(1));
        assertEquals(rep.get("side").asText(), cells.get(2));
        String[] keys = {"start_s", "bottom_s", "end_s", "peak_drop_deg", "hold_s", "lower_s", "raise_s", "knee_drop_cm"};
        for (int k = 0; k < keys.length; k++) assertNumber(rep.get(keys[k]).asDouble(), cells.get(3 + k));
        List<String> faults = new ArrayList<>();
        rep.get("faults").forEach(f -> faults.add(Advice.words(f.asText())));
        assertEquals(faults.isEmpty() ? "-" : String.join(", ", faults), cells.get(11));
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

    /** A PDF made in a process that never ran the report command (the dashboard's export) logs nothing on the console. */
    @Test
    void thePdfLibrariesSayNothingOnTheConsole() throws Exception {
        com.openhtmltopdf.util.XRLog.setLoggingEnabled(true);
        java.util.List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) { logged.add(r.getLoggerName() + ": " + r.getMessage()); }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        root.addHandler(h);
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertTrue(ReportExporter.render(fileContext, ReportFormat.PDF).length > 1000);
        } finally {
            System.setErr(err);
            root.removeHandler(h);
        }
        assertEquals(java.util.List.of(), logged.stream().filter(l -> l.startsWith("com.openhtmltopdf")).toList());
        assertEquals("", captured.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
}
