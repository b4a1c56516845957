package org.hiphike.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.ColorScheme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.Rep;
import org.hiphike.exercise.Report;
import org.hiphike.exercise.Side;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.Recording;
import org.hiphike.session.SessionRecording;
import org.hiphike.session.SessionStore;
import org.hiphike.session.StoredSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history view in a real browser (Debian's chromium through Playwright): imported sessions with
 * the rep counts of their stored reports, a session's reps, notes saved through the page, delete
 * through the in-page confirmation, and the trend charts drawn. Skips when chromium is missing,
 * except in CI where it fails.
 */
@Timeout(120)
class HistoryBrowserTest {

    @Test
    void historyListsSessionsEditsNotesDeletesAndDrawsTrends(@TempDir Path dir) throws Exception {
        Path chromium = DashboardBrowserTest.CHROMIUM;
        if (!Files.isExecutable(chromium)) {
            String reason = "HistoryBrowserTest needs " + chromium + " (apt-get install -y chromium)";
            if ("true".equals(System.getenv("CI"))) throw new AssertionError(reason + ": required in CI");
            System.out.println("SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        try (SessionStore store = SessionStore.open(dir.resolve("data"))) {
            StoredSession left = store.importRecording(HistoryApiTest.LEFT,
                    HistoryApiTest.info("left-set_clean_100hz.csv", now.minus(16, ChronoUnit.DAYS)), PipelineSettings.DEFAULTS);
            StoredSession knee = store.importRecording(TestDashboard.SAMPLES.resolve("left-set_knee-bend_100hz.csv"),
                    HistoryApiTest.info("left-set_knee-bend_100hz.csv", now.minus(9, ChronoUnit.DAYS)), PipelineSettings.DEFAULTS);
            StoredSession both = store.importRecording(HistoryApiTest.BOTH,
                    HistoryApiTest.info("session_both-sides.csv", now.minus(2, ChronoUnit.DAYS)), PipelineSettings.DEFAULTS);
            Recording right = new CsvRecordingReader().read(HistoryApiTest.RIGHT);
            SessionRecording r = store.start(HistoryApiTest.info("replay of right-set", now.minus(1, ChronoUnit.DAYS)), "replay");
            for (ImuSample s : right.samples()) r.sample(s);
            StoredSession replay = r.finish(Analysis.analyze(right));
            List<StoredSession> all = List.of(left, knee, both, replay);

            try (TestDashboard d = new TestDashboard(null, store);
                 TestDashboard noStore = new TestDashboard(null, (SessionStore) null);
                 Playwright pw = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                 Browser browser = pw.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(chromium).setHeadless(true)
                         .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                 "--disable-component-update", "--no-first-run")))) {
                Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1440, 1100).setColorScheme(ColorScheme.DARK)
                        .setReducedMotion(com.microsoft.playwright.options.ReducedMotion.REDUCE));
                StringBuilder consoleErrors = new StringBuilder();
                page.onConsoleMessage(m -> {
                    if ("error".equals(m.type())) consoleErrors.append(m.text()).append('\n');
                });
                page.onPageError(e -> consoleErrors.append(e).append('\n'));
                page.navigate(d.base() + "/");
                page.locator("#notice-ok").click();

                // The History tab opens the list: newest first, each with the rep counts of its stored report.
                Locator tab = page.locator("#tab-history");
                PlaywrightAssertions.assertThat(tab).isVisible();
                tab.click();
                PlaywrightAssertions.assertThat(page.locator("#history-view")).isVisible();
                PlaywrightAssertions.assertThat(page.locator("#live-view")).isHidden();
                Locator rows = page.locator("#sessions-table tbody tr");
                PlaywrightAssertions.assertThat(rows).hasCount(all.size());
                for (int i = 0; i < all.size(); i++) {
                    StoredSession s = all.get(all.size() - 1 - i);
                    Report stored = store.get(s.id()).report();
                    long l = stored.reps().stream().filter(x -> x.side() == Side.LEFT).count();
                    long rr = stored.reps().stream().filter(x -> x.side() == Side.RIGHT).count();
                    assertEquals(Long.toString(s.id()), rows.nth(i).getAttribute("data-id"), "row " + i + " is newest first");
                    assertEquals(l + " / " + rr, rows.nth(i).locator("td.reps").innerText(), "reps of session " + s.id());
                    // Shown with one decimal (the browser's rounding of the JSON number).
                    assertEquals(stored.summary().meanPeakDropDeg(), Double.parseDouble(rows.nth(i).locator("td.depth").innerText()),
                            0.0501, "depth of session " + s.id());
                }
                assertEquals("replay · right-set", rows.nth(0).locator("td.origin").innerText(), "a replay names its recording");
                assertTrue(rows.nth(2).locator(".chip[data-fault=knee_bend]").count() == 1, "knee bends of the knee-bend sample");

                // One session: its reps, as its report has them.
                page.locator("#sessions-table tbody tr[data-id='" + both.id() + "']").click();
                Locator detail = page.locator("#session-detail");
                PlaywrightAssertions.assertThat(detail).isVisible();
                PlaywrightAssertions.assertThat(page.locator("#detail-title")).containsText("Session " + both.id());
                Locator repRows = page.locator("#detail-reps tbody tr");
                PlaywrightAssertions.assertThat(repRows).hasCount(both.report().reps().size());
                for (int i = 0; i < both.report().reps().size(); i++) {
                    Rep rep = both.report().reps().get(i);
                    List<String> cells = repRows.nth(i).locator("td").allInnerTexts();
                    assertEquals(Integer.toString(rep.index()), cells.get(0));
                    assertEquals(rep.side().jsonName(), cells.get(2));
                    assertEquals(rep.peakDropDeg(), Double.parseDouble(cells.get(3)), 0.0501, "depth of rep " + rep.index());
                }
                // Exports are plain links to the report endpoint, and they answer.
                for (String f : List.of("html", "pdf", "csv", "json")) {
                    String href = page.locator("#exports a[data-format=" + f + "]").getAttribute("href");
                    assertTrue(href.startsWith("/api/sessions/" + both.id() + "/report?format=" + f), href);
                    assertEquals(200, d.get(href).statusCode(), href);
                }

                // Notes are saved through the API.
                String note = "Right side harder; hold the rail less";
                page.locator("#notes").fill(note);
                page.locator("#notes-save").click();
                PlaywrightAssertions.assertThat(page.locator("#notes-msg")).hasText("Saved.");
                JsonNode saved = Messages.mapper().readTree(d.get("/api/sessions/" + both.id()).body());
                assertEquals(note, saved.get("notes").asText());
                assertEquals(note, store.get(both.id()).summary().notes());
                // And shown in the list, under the date; a long one cut to a line's worth.
                Locator row = page.locator("#sessions-table tbody tr[data-id='" + both.id() + "'] td.date .row-note");
                PlaywrightAssertions.assertThat(row).hasText(note);
                String longNote = "Left knee sore after the second set; ".repeat(4).trim();
                page.locator("#notes").fill(longNote);
                page.locator("#notes-save").click();
                PlaywrightAssertions.assertThat(page.locator("#notes-msg")).hasText("Saved.");
                PlaywrightAssertions.assertThat(row).hasText(java.util.regex.Pattern.compile("^Left knee sore after the second set; .{10,30}…$"));
                page.reload();
                page.locator("#tab-history").click();
                PlaywrightAssertions.assertThat(row).hasText(java.util.regex.Pattern.compile("^Left knee sore.*…$"));
                page.locator("#sessions-table tbody tr[data-id='" + both.id() + "']").click();
                page.locator("#notes").fill(note);
                page.locator("#notes-save").click();
                PlaywrightAssertions.assertThat(page.locator("#notes-msg")).hasText("Saved.");

                // Trends: by week, real exercise only (the replay left out), then with replays.
                Locator reps = page.locator("#trend-reps");
                PlaywrightAssertions.assertThat(reps).hasAttribute("data-drawn", "8",
                        new LocatorAssertions.HasAttributeOptions().setTimeout(10_000));
                int realReps = left.report().reps().size() + knee.report().reps().size() + both.report().reps().size();
                PlaywrightAssertions.assertThat(page.locator(".trends-card")).hasAttribute("data-reps", Integer.toString(realReps));
                assertEquals(realReps, plottedSum(reps));
                for (String id : List.of("#trend-reps", "#trend-depth", "#trend-hold", "#trend-faults")) {
                    Number inked = (Number) page.evaluate("(id) => { const c = document.querySelector(id);"
                            + " const p = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                            + " let n = 0; for (let i = 3; i < p.length; i += 4) if (p[i] > 0) n++; return n; }", id);
                    assertTrue(inked.intValue() > 2000, id + " is drawn: " + inked + " pixels");
                }
                page.locator("#include-replays").check();
                int withReplay = realReps + replay.report().reps().size();
                PlaywrightAssertions.assertThat(page.locator(".trends-card")).hasAttribute("data-reps", Integer.toString(withReplay));
                assertEquals(withReplay, plottedSum(reps));
                page.locator(".seg button[data-period=day]").click();
                PlaywrightAssertions.assertThat(reps).hasAttribute("data-drawn", "28");
                assertEquals(withReplay, plottedSum(reps));
                page.locator(".seg button[data-period=week]").click();
                PlaywrightAssertions.assertThat(reps).hasAttribute("data-drawn", "8");

                // Delete asks in the page first; "No" keeps the session, "Yes" deletes it.
                page.locator("#sessions-table tbody tr[data-id='" + left.id() + "']").click();
                PlaywrightAssertions.assertThat(page.locator("#detail-title")).containsText("Session " + left.id());
                page.locator("#delete-btn").click();
                Locator confirm = page.locator("#delete-confirm");
                PlaywrightAssertions.assertThat(confirm).isVisible();
                PlaywrightAssertions.assertThat(confirm).containsText("Delete session " + left.id());
                page.locator("#delete-no").click();
                PlaywrightAssertions.assertThat(confirm).isHidden();
                assertEquals(all.size(), store.list().size());
                page.locator("#delete-btn").click();
                page.locator("#delete-yes").click();
                PlaywrightAssertions.assertThat(rows).hasCount(all.size() - 1);
                PlaywrightAssertions.assertThat(page.locator("#sessions-table tbody tr[data-id='" + left.id() + "']")).hasCount(0);
                PlaywrightAssertions.assertThat(detail).isHidden();
                assertEquals(all.size() - 1, store.list().size());
                assertEquals(404, d.get("/api/sessions/" + left.id()).statusCode());

                // A sample replayed in the dashboard is saved as a session: the live socket's session messages
                // (recording, then complete) reload the list.
                var started = d.send("POST", "/api/source", "{\"kind\":\"sample\",\"id\":\"right-set_clean_100hz\",\"speed\":\"max\"}");
                assertEquals(200, started.statusCode(), started.body());
                PlaywrightAssertions.assertThat(rows).hasCount(all.size(), new LocatorAssertions.HasCountOptions().setTimeout(30_000));
                PlaywrightAssertions.assertThat(rows.nth(0)).hasAttribute("data-status", "complete",
                        new LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
                assertTrue(rows.nth(0).locator("td.origin").innerText().matches("replay · right-set_clean_100hz\\S*( at max speed)?"),
                        rows.nth(0).locator("td.origin").innerText());
                long savedId = Long.parseLong(rows.nth(0).getAttribute("data-id"));
                Report savedReport = store.get(savedId).report();
                PlaywrightAssertions.assertThat(rows.nth(0).locator("td.reps")).hasText("0 / " + savedReport.reps().size());
                assertEquals(10, savedReport.reps().size(), "the sample's 10 reps");
                // The set ended while the history was shown: no set summary pops up over it.
                PlaywrightAssertions.assertThat(page.locator("#summary")).isHidden();

                // The screenshot: a session open, trends below.
                page.locator("#include-replays").uncheck();
                page.locator("#sessions-table tbody tr[data-id='" + knee.id() + "']").click();
                PlaywrightAssertions.assertThat(page.locator("#detail-reps tbody tr")).hasCount(knee.report().reps().size());
                page.evaluate("() => window.scrollTo(0, 0)");
                page.screenshot(new Page.ScreenshotOptions().setPath(DashboardBrowserTest.artefacts().resolve("history.png")).setFullPage(true));

                // Phone: nothing wider than the screen.
                page.setViewportSize(390, 844);
                page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.LIGHT));
                Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
                assertTrue(((Number) overflow).intValue() <= 0, "horizontal overflow on a phone: " + overflow + " px");
                page.screenshot(new Page.ScreenshotOptions().setPath(DashboardBrowserTest.artefacts().resolve("history-phone.png"))
                        .setFullPage(true));

                // Back to the live view: its chart is there again.
                page.locator("#tab-live").click();
                PlaywrightAssertions.assertThat(page.locator("#live-view")).isVisible();
                PlaywrightAssertions.assertThat(page.locator("#history-view")).isHidden();

                // Without a store (--no-save) there is no history tab.
                Page plain = browser.newPage();
                plain.onConsoleMessage(m -> {
                    if ("error".equals(m.type())) consoleErrors.append(m.text()).append('\n');
                });
                plain.onPageError(e -> consoleErrors.append(e).append('\n'));
                plain.navigate(noStore.base() + "/#history");
                PlaywrightAssertions.assertThat(plain.locator("#live-view")).isVisible();
                PlaywrightAssertions.assertThat(plain.locator("#tab-history")).isHidden();
                PlaywrightAssertions.assertThat(plain.locator("#tabs")).isHidden();
                assertEquals("", consoleErrors.toString(), "no errors in the browser console");
            }
        }
    }

    /** Sum of the left and right series the reps chart plotted. */
    private static int plottedSum(Locator chart) throws Exception {
        JsonNode v = Messages.mapper().readTree(chart.getAttribute("data-values"));
        int n = 0;
        for (String side : List.of("left", "right")) for (JsonNode x : v.get(side)) if (!x.isNull()) n += x.asInt();
        return n;
    }
}
