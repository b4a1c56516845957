package org.hiphike.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hiphike.core.AxisRemap;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.Fault;
import org.hiphike.exercise.Rep;
import org.hiphike.exercise.Report;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.sim.Truth;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The page in a real browser (Debian's chromium through Playwright): a sample replayed at full
 * speed shows the truth's rep count and the same rep table as analyze. Skips when chromium is
 * missing, except in CI where it fails.
 */
@Timeout(120)
class DashboardBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final String SAMPLE = "left-set_knee-bend_100hz";

    static Path artefacts() throws Exception {
        Path dir = Path.of(System.getProperty("hiphike.buildDir", "target"), "dashboard");
        Files.createDirectories(dir);
        return dir;
    }

    /** Skips without chromium, except in CI where it fails. */
    static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM)) {
            String reason = "DashboardBrowserTest needs " + CHROMIUM + " (apt-get install -y chromium)";
            if ("true".equals(System.getenv("CI"))) throw new AssertionError(reason + ": required in CI");
            System.out.println("SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
    }

    static Playwright playwright() {
        return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    static Browser chromium(Playwright pw) {
        return pw.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--no-first-run")));
    }

    /** A desktop-sized page in dark mode whose console errors and page errors go to {@code errors}. */
    static Page page(Browser browser, StringBuilder errors) {
        Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1440, 960)
                .setColorScheme(com.microsoft.playwright.options.ColorScheme.DARK));
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) errors.append(m.text()).append('\n');
        });
        page.onPageError(e -> errors.append(e).append('\n'));
        return page;
    }

    /**
     * A screen reader hears each rep, cue and set end from one live region, not the count card's every update
     * (it changed 2,589 times in 5 s); a browser with no speech voice says "Voice unavailable", not "Voice on".
     */
    @Test
    void screenReadersHearRepsNotEveryUpdateAndAMissingVoiceIsShown() throws Exception {
        requireChromium();
        Truth truth = Truth.read(TestDashboard.SAMPLES.resolve(SAMPLE + ".truth.json"));
        try (TestDashboard d = new TestDashboard(); Playwright pw = playwright(); Browser browser = chromium(pw)) {
            StringBuilder consoleErrors = new StringBuilder();
            Page page = page(browser, consoleErrors);
            page.addInitScript("""
                    localStorage.setItem("hiphike.noticeSeen", "1");
                    localStorage.setItem("hiphike.guideDone", "1");
                    window.SpeechSynthesisUtterance = function (text) { this.text = text; };
                    Object.defineProperty(window, "speechSynthesis", { configurable: true, value: {
                      speaking: false, speak() {}, cancel() {}, getVoices() { return []; } } });
                    window.__announced = [];
                    document.addEventListener("DOMContentLoaded", () => {
                      const a = document.getElementById("announce");
                      new MutationObserver(() => window.__announced.push(a.textContent))
                        .observe(a, { childList: true, characterData: true, subtree: true });
                    });
                    """);
            page.navigate(d.base() + "/");
            assertEquals(0, page.locator(".count-card[aria-live], .count-card [aria-live]").count(), "the card is not a live region");
            PlaywrightAssertions.assertThat(page.locator("#sound-toggle")).hasText("Voice unavailable",
                    new LocatorAssertions.HasTextOptions().setTimeout(10_000));

            page.locator("#controls-toggle").click();
            page.locator("#source-select option[value='sample:" + SAMPLE + "']").waitFor(
                    new Locator.WaitForOptions().setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
            page.locator("#source-select").selectOption("sample:" + SAMPLE);
            page.locator(".seg button[data-speed=max]").click();
            page.locator("#start-btn").click();
            PlaywrightAssertions.assertThat(page.locator("#total-reps")).hasText(Integer.toString(truth.reps().size()),
                    new LocatorAssertions.HasTextOptions().setTimeout(60_000));
            @SuppressWarnings("unchecked")
            List<String> said = (List<String>) page.evaluate("() => window.__announced");
            long reps = said.stream().filter(t -> t.startsWith("Rep ")).count();
            assertEquals(truth.reps().size(), reps, "each rep is announced once: " + said);
            assertTrue(said.get(0).contains("Spoken cues are unavailable"), said.toString());
            assertTrue(said.stream().anyMatch(t -> t.startsWith("Rep 1 of 12, ")), said.toString());
            assertTrue(said.size() <= 4 * truth.reps().size() + 10, "a few announcements per rep, not every update: " + said.size());
            assertEquals("", consoleErrors.toString());
        }
    }

    @Test
    void replayedSampleShowsTheTruthsRepCountAndTheRepTable() throws Exception {
        requireChromium();
        Truth truth = Truth.read(TestDashboard.SAMPLES.resolve(SAMPLE + ".truth.json"));
        // Analysed with the dashboard's prescription (its target depth judges too_shallow), as the page measures.
        Report analyzed = Analysis.analyze(new CsvRecordingReader().read(TestDashboard.SAMPLES.resolve(SAMPLE + ".csv")),
                PipelineSettings.DEFAULTS.withThresholds(Prescription.DEFAULTS.thresholds()), AxisRemap.IDENTITY);
        assertEquals(truth.reps().size(), analyzed.reps().size(), "analyze finds the truth's reps in this sample");

        try (TestDashboard d = new TestDashboard(); Playwright pw = playwright(); Browser browser = chromium(pw)) {
            StringBuilder consoleErrors = new StringBuilder();
            Page page = page(browser, consoleErrors);
            page.navigate(d.base() + "/");

            // First start: the safety notice and how to wear the sensor.
            Locator notice = page.locator("#notice");
            PlaywrightAssertions.assertThat(notice).isVisible();
            PlaywrightAssertions.assertThat(notice).containsText("physical therapist");
            PlaywrightAssertions.assertThat(notice).containsText("sacrum");
            page.locator("#notice-ok").click();
            PlaywrightAssertions.assertThat(notice).isHidden();
            // Then the guided setup, not modal, closed with its ✕ and not opened again by itself.
            Locator guide = page.locator("#guide");
            PlaywrightAssertions.assertThat(guide).isVisible();
            PlaywrightAssertions.assertThat(guide).containsText("Where the clip goes");
            page.locator("#guide-close").click();
            PlaywrightAssertions.assertThat(guide).isHidden();
            assertEquals("1", page.evaluate("() => localStorage.getItem('hiphike.guideDone')"));

            // Choose the sample in the controls, full speed, start.
            page.locator("#controls-toggle").click();
            page.locator("#source-select option[value='sample:" + SAMPLE + "']").waitFor(
                    new Locator.WaitForOptions().setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
            page.locator("#source-select").selectOption("sample:" + SAMPLE);
            page.locator(".seg button[data-speed=max]").click();
            page.locator("#start-btn").click();

            LocatorAssertions.HasTextOptions wait = new LocatorAssertions.HasTextOptions().setTimeout(60_000);
            PlaywrightAssertions.assertThat(page.locator("#total-reps")).hasText(Integer.toString(truth.reps().size()), wait);
            PlaywrightAssertions.assertThat(page.locator("#rep-count")).hasText(Integer.toString(truth.reps().size()), wait);
            // The set reaches the prescription's 12 reps: the summary says so.
            Locator summary = page.locator("#summary");
            PlaywrightAssertions.assertThat(summary).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
            PlaywrightAssertions.assertThat(summary).containsText("Set 1 complete");
            PlaywrightAssertions.assertThat(page.locator("#sensor-status")).hasAttribute("data-state", "ended",
                    new LocatorAssertions.HasAttributeOptions().setTimeout(30_000));

            // The rep table matches analyze row by row (newest first).
            Locator rows = page.locator("#rep-table tbody tr");
            assertEquals(analyzed.reps().size(), rows.count());
            for (int i = 0; i < analyzed.reps().size(); i++) {
                Rep rep = analyzed.reps().get(analyzed.reps().size() - 1 - i);
                List<String> cells = rows.nth(i).locator("td").allInnerTexts();
                assertEquals(Integer.toString(rep.index()), cells.get(0));
                assertEquals(Integer.toString(rep.set()), cells.get(1));
                assertEquals(rep.side().jsonName(), cells.get(2));
                assertEquals(String.format(Locale.ROOT, "%.1f", rep.peakDropDeg()), cells.get(3), "peak of rep " + rep.index());
                assertEquals(String.format(Locale.ROOT, "%.1f", rep.holdS()), cells.get(4), "hold of rep " + rep.index());
                assertEquals(rep.faults().size(), rows.nth(i).locator(".chip").count(), "faults of rep " + rep.index());
                for (Fault f : rep.faults()) {
                    assertEquals(1, rows.nth(i).locator(".chip[data-fault=" + f.jsonName() + "]").count());
                }
            }
            long truthKneeBends = truth.reps().stream().filter(r -> r.has(Fault.KNEE_BEND)).count();
            assertTrue(truthKneeBends > 0 && page.locator(".chip[data-fault=knee_bend]").count() > 0, "knee bends are shown");

            page.locator("#summary button").click();
            page.locator("#controls-toggle").click();
            page.evaluate("() => window.scrollTo(0, 0)");
            page.screenshot(new Page.ScreenshotOptions().setPath(artefacts().resolve("dashboard.png")));

            // Phone: everything fits the width.
            page.setViewportSize(390, 844);
            page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(com.microsoft.playwright.options.ColorScheme.LIGHT));
            Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
            assertTrue(((Number) overflow).intValue() <= 0, "horizontal overflow on a phone: " + overflow + " px");
            page.screenshot(new Page.ScreenshotOptions().setPath(artefacts().resolve("dashboard-phone.png")));
            assertEquals("", consoleErrors.toString(), "no errors in the browser console");
        }
    }
}
