package org.hiphike.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.hiphike.exercise.Analysis;
import org.hiphike.sim.SimulatedRecording;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Set transitions in a real browser (chromium): a simulated two-set recording (5 reps left, 40 s on the step,
 * 5 reps right) uploaded and replayed at 20 times real time (through the API, which takes any speed up to 100). The page's DOM changes are logged as they happen (a max-speed
 * rest lasts a moment), its speech is a fake that keeps what it is asked to say.
 */
@Timeout(120)
class SetTransitionsBrowserTest {
    static final LocatorAssertions.HasTextOptions LONG = new LocatorAssertions.HasTextOptions().setTimeout(60_000);
    /** Every exercise instruction the page gives from a phase (app.js PHASE_CUES). */
    static final List<String> EXERCISE_CUES = List.of("Stand still on the step, pelvis level", "Get back on the step and stand still",
            "Let the hanging hip drop slowly", "Slowly down…", "Hold…", "Lift with the standing hip");

    /** Fake speech (keeps the texts) and a log of what the page shows: summary, rest panel, set label, cue, live region. */
    static final String INIT = SensorStatusBrowserTest.FAKE_SPEECH + """
            window.__log = [];
            document.addEventListener("DOMContentLoaded", () => {
              const $ = (id) => document.getElementById(id);
              const snap = (what) => window.__log.push({ what,
                summary: $("summary").hidden ? null : $("summary-title").textContent,
                after: $("after-set").hidden ? null : $("after-set").dataset.state,
                rest: $("after-set").hidden || $("rest-time").hidden ? null : $("rest-time").textContent,
                restLabel: $("after-set").hidden || $("rest-label").hidden ? null : $("rest-label").textContent,
                next: $("next-line").textContent,
                set: $("set-label").textContent, cue: $("cue").textContent, announce: $("announce").textContent,
                modal: document.querySelectorAll("dialog[open]").length });
              const watch = (id, attrs) => new MutationObserver(() => snap(id)).observe($(id),
                { childList: true, characterData: true, subtree: true, attributes: attrs });
              for (const id of ["summary", "after-set"]) watch(id, true);
              for (const id of ["set-label", "cue", "announce"]) watch(id, false);
            });
            """;

    static SimulatedRecording sim;
    @TempDir
    static Path dir;
    static Path csv;

    @BeforeAll
    static void simulate() throws Exception {
        sim = TwoSets.simulate();
        assertEquals(2 * TwoSets.REPS, Analysis.analyze(sim.recording()).reps().size(), "analyze finds both sets' reps");
        csv = TwoSets.write(sim, dir.resolve("two-sets.csv"));
    }

    static Prescription prescription(int sets, Double restS, String sides) {
        Prescription d = Prescription.DEFAULTS;
        return new Prescription(TwoSets.REPS, sets, d.holdTargetS(), d.targetDepthDeg(), d.thresholds(), restS, sides);
    }

    /**
     * Uploads the two-set recording through the page and replays it at {@code speed} times real time (through the
     * API: the page's buttons offer 1, 2, 4 and max); returns when the replay has ended.
     */
    static void replay(Page page, String speed) {
        page.locator("#controls-toggle").click();
        page.locator("#upload").setInputFiles(csv);
        assertThat(page.locator("#upload-msg")).containsText("Press Start", new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        Object status = page.evaluate("""
                async (speed) => {
                  const [kind, id] = document.getElementById("source-select").value.split(":");
                  const res = await fetch("/api/source", { method: "POST", headers: { "Content-Type": "application/json" },
                    body: JSON.stringify({ kind, id, speed }) });
                  return res.status;
                }""", speed);
        assertEquals(200, ((Number) status).intValue());
        assertThat(page.locator("#total-reps")).hasText(Integer.toString(2 * TwoSets.REPS), LONG);
        assertThat(page.locator("#sensor-status")).hasAttribute("data-state", "ended",
                new LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> log(Page page) { return (List<Map<String, Object>>) page.evaluate("() => window.__log"); }

    static String str(Map<String, Object> m, String k) { return m.get(k) == null ? null : m.get(k).toString(); }

    @Test
    void setEndsAreShownWithoutBlockingSpokenWithTheRestAndSwitchThenAllSetsDoneAndTheReplaysEnd() throws Exception {
        DashboardBrowserTest.requireChromium();
        try (TestDashboard d = new TestDashboard(null, PrescriptionStore.inMemory(prescription(1, 30.0, "both")),
                DashboardServer.DEFAULT_MAX_UPLOAD_BYTES);
             Playwright pw = DashboardBrowserTest.playwright(); Browser browser = DashboardBrowserTest.chromium(pw)) {
            StringBuilder errors = new StringBuilder();
            Page page = DashboardBrowserTest.page(browser, errors);
            page.addInitScript(INIT);
            page.navigate(d.base() + "/");
            // 20 times real time: the 30 s rest lasts 1.5 s, long enough for the page to count it down second by second.
            replay(page, "20");

            // The last set: its summary and "all sets done" stay up after the replay.
            Locator summary = page.locator("#summary");
            assertThat(summary).isVisible();
            assertThat(summary).containsText("Set 2 complete · right side");
            assertThat(summary).containsText("All sets done");
            assertThat(page.locator("#after-set")).containsText("All sets done");
            assertThat(page.locator("#after-set")).containsText("Set 2 done: 5 reps");
            // After the replay the cue says so, not an exercise instruction.
            assertThat(page.locator("#cue")).hasText("Replay ended");
            String cue = page.locator("#cue").innerText();
            assertFalse(EXERCISE_CUES.contains(cue), cue);

            page.screenshot(new Page.ScreenshotOptions().setPath(DashboardBrowserTest.artefacts().resolve("dashboard-sets.png")));
            // Not modal: no open dialog, and what is under it still takes clicks while it is shown.
            assertEquals(0, page.locator("dialog[open]").count());
            page.locator("#controls-toggle").click(new Locator.ClickOptions().setTimeout(3000));
            assertThat(page.locator("#controls")).isHidden();
            assertThat(summary).isVisible();
            page.locator("#summary-close").click();
            assertThat(summary).isHidden();

            List<Map<String, Object>> log = log(page);
            // Set 1's summary was shown, with the switch of sides and the rest, and was gone once set 2 started.
            int shown1 = indexOf(log, m -> str(m, "summary") != null && str(m, "summary").startsWith("Set 1 complete"));
            assertTrue(shown1 >= 0, "set 1's summary: " + log);
            int set2 = indexOf(log, m -> "Set 2 of 2".equals(str(m, "set")));
            assertTrue(set2 > shown1, "set 2 starts after set 1's summary");
            assertEquals(null, log.get(set2).get("summary"), "the summary is gone when set 2 starts: " + log.get(set2));
            for (Map<String, Object> m : log) {
                assertEquals(0, ((Number) m.get("modal")).intValue(), "no modal dialog: " + m);
                assertFalse(Pattern.matches("Set (\\d+) of (\\d+)", str(m, "set")) && over(str(m, "set")), "never Set N of M with N > M: " + m);
            }

            // The rest counted down, large, between the sets, with the switch of sides; it ran out before set 2.
            List<String> rests = new ArrayList<>();
            for (Map<String, Object> m : log.subList(shown1, set2)) {
                if ("rest".equals(m.get("after")) && m.get("rest") != null) {
                    String r = str(m, "rest");
                    if (rests.isEmpty() || !rests.get(rests.size() - 1).equals(r)) rests.add(r);
                    assertEquals("Switch sides: right side next", str(m, "next"));
                }
            }
            assertTrue(rests.size() >= 10, "the rest counts down: " + rests);
            for (int i = 1; i < rests.size(); i++) assertTrue(seconds(rests.get(i)) < seconds(rests.get(i - 1)), "down: " + rests);
            assertTrue(seconds(rests.get(0)) <= 30 && seconds(rests.get(0)) >= 20, "from about 0:30: " + rests);
            assertTrue(log.subList(shown1, set2).stream().anyMatch(m -> "Rest over".equals(m.get("restLabel"))), "the rest ran out");
            assertTrue(log.subList(shown1, set2).stream().anyMatch(m -> "Rest, then switch to the right side".equals(m.get("cue"))),
                    "the cue says to rest, not to exercise");
            assertThat(page.locator(".rest-time")).isHidden();

            // Said through the page's speech, and announced in the live region.
            @SuppressWarnings("unchecked")
            List<String> spoken = (List<String>) page.evaluate("() => window.__spoken");
            String end1 = "Set 1 done: 5 reps. Switch sides: right side next. Rest 30 seconds.";
            String end2 = "Set 2 done: 5 reps. All sets done.";
            assertTrue(spoken.contains(end1), spoken.toString());
            assertTrue(spoken.contains("Rest over: set 2, right side"), spoken.toString());
            assertTrue(spoken.contains(end2), spoken.toString());
            assertEquals("Replay ended", spoken.get(spoken.size() - 1), spoken.toString());
            assertTrue(log.stream().anyMatch(m -> end1.equals(m.get("announce"))), "announced");
            assertTrue(log.stream().anyMatch(m -> end2.equals(m.get("announce"))), "announced");
            assertEquals("", errors.toString());
        }
    }

    @Test
    void beyondThePrescribedSetsTheCounterSaysExtraSet() throws Exception {
        DashboardBrowserTest.requireChromium();
        try (TestDashboard d = new TestDashboard(null, PrescriptionStore.inMemory(prescription(1, null, null)),
                DashboardServer.DEFAULT_MAX_UPLOAD_BYTES);
             Playwright pw = DashboardBrowserTest.playwright(); Browser browser = DashboardBrowserTest.chromium(pw)) {
            StringBuilder errors = new StringBuilder();
            Page page = DashboardBrowserTest.page(browser, errors);
            page.addInitScript(INIT);
            page.navigate(d.base() + "/");
            replay(page, "20");
            assertThat(page.locator("#set-label")).hasText("Extra set (2)");
            assertThat(page.locator("#summary")).containsText("All sets done");
            List<Map<String, Object>> log = log(page);
            List<String> labels = log.stream().map(m -> str(m, "set")).distinct().toList();
            assertEquals(List.of("Set –", "Set 1 of 1", "Extra set (2)"), labels.stream().filter(l -> !l.isEmpty()).toList());
            // All sets done after set 1: said, and no rest is counted down.
            assertTrue(log.stream().noneMatch(m -> m.get("rest") != null), "no rest once all sets are done");
            assertTrue(log.stream().anyMatch(m -> "All sets done".equals(m.get("cue"))),
                    "the cue between the sets: " + log.stream().map(m -> str(m, "cue")).distinct().toList());
            @SuppressWarnings("unchecked")
            List<String> spoken = (List<String>) page.evaluate("() => window.__spoken");
            assertTrue(spoken.contains("Set 1 done: 5 reps. All sets done."), spoken.toString());
            assertTrue(spoken.contains("Set 2 done: 5 reps, an extra set. All sets done."), spoken.toString());

            // The rest and the sides are set in the prescription form (the controls are open); the counter follows.
            page.locator("#prescription-form input[name=rest_s]").fill("45");
            page.locator("#prescription-form select[name=sides]").selectOption("both");
            page.locator("#prescription-form button[type=submit]").click();
            assertThat(page.locator("#prescription-msg")).containsText("Saved");
            assertEquals(45.0, d.store.get().restS());
            assertEquals("both", d.store.get().sides());
            page.reload();
            assertThat(page.locator("#set-label")).hasText("Set 2 of 2");
            assertEquals("45", page.locator("#prescription-form input[name=rest_s]").inputValue());
            page.locator("#controls-toggle").click();
            page.locator("#prescription-form input[name=rest_s]").fill("");
            page.locator("#prescription-form select[name=sides]").selectOption("");
            page.locator("#prescription-form button[type=submit]").click();
            assertThat(page.locator("#prescription-msg")).containsText("Saved");
            assertEquals(null, d.store.get().restS());
            assertEquals(null, d.store.get().sides());
            assertEquals("", errors.toString());
        }
    }

    /**
     * ?view=far shows the count, the hold timer and the cue only, large on a 1920x1080 screen and a 390x844 phone;
     * between sets the rest countdown and the switch of sides, large too.
     */
    @Test
    void farViewShowsOnlyCountHoldAndCueLarge() throws Exception {
        DashboardBrowserTest.requireChromium();
        try (TestDashboard d = new TestDashboard(null, PrescriptionStore.inMemory(prescription(1, 30.0, "both")),
                DashboardServer.DEFAULT_MAX_UPLOAD_BYTES);
             Playwright pw = DashboardBrowserTest.playwright(); Browser browser = DashboardBrowserTest.chromium(pw)) {
            StringBuilder errors = new StringBuilder();
            Page page = DashboardBrowserTest.page(browser, errors);
            page.addInitScript(SensorStatusBrowserTest.FAKE_SPEECH);
            page.setViewportSize(1920, 1080);
            page.navigate(d.base() + "/?view=far");
            assertThat(page.locator("body")).hasClass(Pattern.compile("\\bfar\\b"));
            assertThat(page.locator("#far-toggle")).hasAttribute("aria-pressed", "true");
            for (String hidden : List.of(".chart-card", ".table-card", "#controls-toggle", "#sound-toggle", "#sensor-status", ".setline", "#phase")) {
                assertThat(page.locator(hidden)).isHidden();
            }
            for (String hidden : List.of(".hold-track", "#guide")) assertThat(page.locator(hidden)).isHidden();
            for (String shown : List.of("#rep-count", "#hold-text", "#hold-ring", "#cue")) assertThat(page.locator(shown)).isVisible();
            checkSizes(page, 1080, 300, 80, 64);
            page.screenshot(new Page.ScreenshotOptions().setPath(DashboardBrowserTest.artefacts().resolve("dashboard-far.png")));

            page.setViewportSize(390, 844);
            checkSizes(page, 844, 150, 40, 30);
            Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
            assertTrue(((Number) overflow).intValue() <= 0, "horizontal overflow on a phone: " + overflow + " px");
            page.screenshot(new Page.ScreenshotOptions().setPath(DashboardBrowserTest.artefacts().resolve("dashboard-far-phone.png")));

            // Between sets (the replay paused in the rest): the countdown and the switch of sides, large, on the screen.
            var up = d.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(d.base() + "/api/uploads?name=two-sets.csv"))
                    .header("Content-Type", "text/csv").POST(java.net.http.HttpRequest.BodyPublishers.ofFile(csv)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(201, up.statusCode(), up.body());
            String id = Messages.mapper().readTree(up.body()).path("id").asText();
            page.setViewportSize(1920, 1080);
            var start = d.send("POST", "/api/source", "{\"kind\":\"upload\",\"id\":\"" + id + "\",\"speed\":\"10\"}");
            assertEquals(200, start.statusCode(), start.body());
            page.locator("#after-set[data-state=rest]").waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE)
                    .setTimeout(60_000));
            assertEquals(200, d.send("POST", "/api/replay", "{\"paused\":true}").statusCode());
            assertThat(page.locator("#next-line")).hasText("Switch sides: right side next");
            assertThat(page.locator("#rest-time")).hasText(Pattern.compile("0:[0-3]\\d"));
            assertThat(page.locator(".hold")).isHidden();
            for (int[] size : new int[][] {{1920, 1080, 150, 60}, {390, 844, 80, 28}}) {
                page.setViewportSize(size[0], size[1]);
                double rest = px(page, "#rest-time"), next = px(page, "#next-line");
                assertTrue(rest >= size[2] && next >= size[3], "rest " + rest + " px, next " + next + " px at " + size[0]);
                Number bottom = (Number) page.evaluate("() => document.getElementById('after-set').getBoundingClientRect().bottom");
                assertTrue(bottom.doubleValue() <= size[1], "the rest is on the screen: bottom at " + bottom);
                Object wide = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
                assertTrue(((Number) wide).intValue() <= 0, "horizontal overflow: " + wide + " px");
                page.screenshot(new Page.ScreenshotOptions().setPath(DashboardBrowserTest.artefacts().resolve(
                        "dashboard-far-rest-" + size[0] + ".png")));
            }
            d.send("POST", "/api/stop", "{}");

            // The toggle goes back to the full view and keeps the choice in the address.
            page.locator("#far-toggle").click();
            assertThat(page.locator("body")).not().hasClass(Pattern.compile("\\bfar\\b"));
            assertThat(page.locator(".chart-card")).isVisible();
            assertFalse(page.url().contains("view=far"), page.url());
            page.locator("#far-toggle").click();
            assertTrue(page.url().contains("view=far"), page.url());
            assertThat(page.locator(".chart-card")).isHidden();
            assertEquals("", errors.toString());
        }
    }

    /** The count, hold and cue text are at least these many px high and the card fits the screen's height. */
    static void checkSizes(Page page, int height, double countPx, double holdPx, double cuePx) {
        double count = px(page, "#rep-count"), hold = px(page, "#hold-text"), cue = px(page, "#cue"), ring = px(page, "#hold-ring-text");
        assertTrue(count >= countPx, "count " + count + " px");
        assertTrue(hold >= holdPx, "hold timer " + hold + " px");
        assertTrue(ring >= holdPx, "the hold ring's seconds " + ring + " px");
        Number ringPx = (Number) page.evaluate("() => document.getElementById('hold-ring').getBoundingClientRect().width");
        assertTrue(ringPx.doubleValue() >= 2.5 * holdPx, "the hold ring is " + ringPx + " px across");
        assertTrue(cue >= cuePx, "cue " + cue + " px");
        Number bottom = (Number) page.evaluate("() => document.querySelector('.hold').getBoundingClientRect().bottom");
        assertTrue(bottom.doubleValue() <= height, "the hold timer is on the screen: bottom at " + bottom);
    }

    static double px(Page page, String selector) {
        return ((Number) page.evaluate("s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize)", selector)).doubleValue();
    }

    static boolean over(String label) {
        java.util.regex.Matcher m = Pattern.compile("Set (\\d+) of (\\d+)").matcher(label);
        return m.matches() && Integer.parseInt(m.group(1)) > Integer.parseInt(m.group(2));
    }

    static int seconds(String clock) {
        String[] p = clock.split(":");
        return Integer.parseInt(p[0]) * 60 + Integer.parseInt(p[1]);
    }

    static int indexOf(List<Map<String, Object>> log, java.util.function.Predicate<Map<String, Object>> p) {
        for (int i = 0; i < log.size(); i++) if (p.test(log.get(i))) return i;
        return -1;
    }
}
