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
import com.microsoft.playwright.options.ReducedMotion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A first start with the demo sensor in a real browser (chromium), from the guided setup to "all sets done": where
 * the clip goes, the stand-still check passing on the simulated person, the exercise shown, then a prescription of
 * 3 sets a side of 3 reps with a 20 s rest, played at 20 times real time (the demo is paced like a replay; the rest
 * and the walk round between sides then last a second or two), with nothing clicked from the first set to the last.
 * The page's speech is a fake that keeps what it is asked to say; its DOM changes are logged as they happen.
 */
@Timeout(180)
class GuidedSessionBrowserTest {
    static final int SETS_PER_SIDE = 3, REPS = 3;
    static final double REST_S = 20;
    /** The demo at this many times real time once the setup is done: 6 sets, rests and walks in about 15 s. */
    static final String SPEED = "20";
    static final LocatorAssertions.IsVisibleOptions SETUP_WAIT = new LocatorAssertions.IsVisibleOptions().setTimeout(30_000);

    /** A first start (the guide opens) whose safety notice was read; the set transitions' log with the hold ring in it. */
    static final String INIT = SetTransitionsBrowserTest.INIT.replace(SensorStatusBrowserTest.GUIDE_SEEN, "") + """
            window.__ring = [];
            document.addEventListener("DOMContentLoaded", () => {
              const ring = document.getElementById("hold-ring");
              new MutationObserver(() => window.__ring.push({ state: ring.dataset.state,
                fill: document.getElementById("hold-ring-fill").getAttribute("stroke-dasharray") }))
                .observe(ring, { attributes: true, subtree: true });
            });
            """;

    static Prescription prescription() {
        Prescription d = Prescription.DEFAULTS;
        return new Prescription(REPS, SETS_PER_SIDE, d.holdTargetS(), d.targetDepthDeg(), d.thresholds(), REST_S, "both");
    }

    static void noOverflow(Page page, String where) {
        Object wide = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertTrue(((Number) wide).intValue() <= 0, "horizontal overflow " + where + ": " + wide + " px");
    }

    @Test
    void aFirstStartFromTheSetupToAllSetsDoneWithNothingClickedBetweenSets() throws Exception {
        DashboardBrowserTest.requireChromium();
        try (TestDashboard d = new TestDashboard(null, PrescriptionStore.inMemory(prescription()), DashboardServer.DEFAULT_MAX_UPLOAD_BYTES);
             Playwright pw = DashboardBrowserTest.playwright(); Browser browser = DashboardBrowserTest.chromium(pw)) {
            StringBuilder errors = new StringBuilder();
            Page page = DashboardBrowserTest.page(browser, errors);
            page.addInitScript(INIT);
            page.navigate(d.base() + "/");
            Path shots = DashboardBrowserTest.artefacts();

            // 1. Where the clip goes: a picture of the back of the pelvis with the clip and its axes.
            Locator guide = page.locator("#guide");
            assertThat(guide).isVisible();
            assertEquals(0, page.locator("dialog[open]").count(), "the guide is not modal");
            assertThat(page.locator("#guide-steps li[aria-current=step]")).hasText("Where the clip goes");
            assertThat(page.locator("#clip-picture")).isVisible();
            assertThat(page.locator("#clip-picture")).containsText("x: your right");
            assertThat(page.locator("#clip-caption")).containsText("centre of the back of the pelvis");
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("guide-clip.png")));

            // 2. Stand still: nothing found before the sensor sends, then the demo's person stands still on the step.
            page.locator("#guide-next").click();
            assertThat(page.locator("#guide-steps li[aria-current=step]")).hasText("Stand still");
            assertThat(page.locator("#setup-result")).hasAttribute("data-result", "waiting");
            assertThat(page.locator("#setup-result")).containsText("no sensor data");
            assertThat(page.locator("#guide-next")).hasText("Skip the check");
            var start = d.send("POST", "/api/source", "{\"kind\":\"simulated\"}");
            assertEquals(200, start.statusCode(), start.body());
            assertThat(page.locator("#setup-result[data-result=pass]")).isVisible(SETUP_WAIT);
            String passed = page.locator("#setup-result").innerText();
            Matcher off = Pattern.compile("Passed: sensor found, upright, clip about (\\d+)° off\\.").matcher(passed);
            assertTrue(off.matches(), passed);
            // The demo's clip sits up to 10° off, the person's pelvis a few degrees more.
            assertTrue(Integer.parseInt(off.group(1)) <= 20, passed);
            for (String c : List.of("found", "upright", "off")) {
                assertThat(page.locator("#setup-checks [data-check=" + c + "]")).hasAttribute("data-ok", "true");
            }
            assertThat(page.locator("#setup-off")).containsText("Clip about " + off.group(1) + "° off");
            assertThat(page.locator("#guide-next")).hasText("Next");
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("guide-still.png")));

            // 3. The exercise shown: the drop and the knee-bend mistake, animated, each with its caption.
            page.locator("#guide-next").click();
            for (String id : List.of("#drop-animation", "#knee-animation")) assertThat(page.locator(id)).isVisible();
            assertThat(page.locator("#drop-caption")).containsText("lowers slowly, holds, and lifts");
            assertThat(page.locator("#knee-caption")).containsText("knee bends");
            Object moving = page.evaluate("""
                    () => new Promise((done) => { const s = document.getElementById("knee-animation"), t0 = s.getCurrentTime();
                      setTimeout(() => done(!s.animationsPaused() && s.getCurrentTime() > t0), 300); })""");
            assertEquals(Boolean.TRUE, moving, "the animations play");
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("guide-exercise.png")));
            page.locator("#guide-next").click();
            assertThat(guide).isHidden();
            assertEquals("1", page.evaluate("() => localStorage.getItem('hiphike.guideDone')"), "remembered");

            // The sets: played faster, and nothing on the page is touched from here to the end.
            assertEquals(200, d.send("POST", "/api/replay", "{\"speed\":\"" + SPEED + "\"}").statusCode());
            int total = 2 * SETS_PER_SIDE;
            page.locator("#after-set[data-state=done]").waitFor(new Locator.WaitForOptions().setTimeout(120_000));
            assertThat(page.locator("#after-set")).containsText("All sets done");
            assertThat(page.locator("#next-line")).hasText(total + " of " + total + " sets");
            assertThat(page.locator("#set-label")).hasText("Set " + total + " of " + total);
            assertEquals(0, page.locator("dialog[open]").count());

            List<Map<String, Object>> log = SetTransitionsBrowserTest.log(page);
            for (Map<String, Object> m : log) {
                assertEquals(0, ((Number) m.get("modal")).intValue(), "no modal dialog: " + m);
                assertFalse(SetTransitionsBrowserTest.over(SetTransitionsBrowserTest.str(m, "set")), "never Set N of M with N > M: " + m);
            }
            List<String> labels = log.stream().map(m -> SetTransitionsBrowserTest.str(m, "set")).distinct()
                    .filter(l -> l.startsWith("Set ") && !l.equals("Set –")).toList();
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= total; i++) expected.add("Set " + i + " of " + total);
            assertEquals(expected, labels, "each set in turn");
            // Every set's end shown (the summary beside the live view), and a rest counted down after each but the last.
            for (int i = 1; i <= total; i++) {
                String prefix = "Set " + i + " ";
                assertTrue(log.stream().anyMatch(m -> SetTransitionsBrowserTest.str(m, "summary") != null
                        && SetTransitionsBrowserTest.str(m, "summary").startsWith(prefix)), "set " + i + "'s end shown");
            }
            assertTrue(log.stream().anyMatch(m -> "rest".equals(m.get("after")) && m.get("rest") != null), "a rest counted down");
            assertTrue(log.stream().anyMatch(m -> SetTransitionsBrowserTest.str(m, "next").startsWith("Switch sides: ")), "switch sides shown");

            // Spoken: each set's end, the switch of sides and the rest, the rest's end, all sets done.
            @SuppressWarnings("unchecked")
            List<String> spoken = (List<String>) page.evaluate("() => window.__spoken");
            List<String> setEnds = spoken.stream().filter(t -> t.matches("Set \\d+ done: .*")).toList();
            assertEquals(total, setEnds.size(), spoken.toString());
            for (int i = 0; i < total - 1; i++) {
                assertTrue(setEnds.get(i).contains(" Switch sides: ") && setEnds.get(i).endsWith(" Rest 20 seconds."), setEnds.get(i));
            }
            assertTrue(setEnds.get(total - 1).endsWith(" All sets done."), setEnds.get(total - 1));
            assertTrue(spoken.stream().anyMatch(t -> t.startsWith("Rest over: set ")), spoken.toString());

            // The hold ring filled while holding, and went back to idle.
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> ring = (List<Map<String, Object>>) page.evaluate("() => window.__ring");
            assertTrue(ring.stream().anyMatch(m -> "holding".equals(m.get("state"))), "the ring fills: " + ring.size());
            assertTrue(ring.stream().anyMatch(m -> "done".equals(m.get("state"))), "the ring is full at the hold target");
            assertTrue(ring.stream().anyMatch(m -> "idle".equals(m.get("state"))), "and empties after the hold");
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("guided-done.png")));

            // The far view and a phone, the guide opened again from its button: no horizontal overflow anywhere.
            page.setViewportSize(390, 844);
            noOverflow(page, "on a phone");
            // On a phone the header has no room for the Guide button: it is under ⚙ Controls.
            assertThat(page.locator("#guide-toggle")).isHidden();
            page.locator("#controls-toggle").click();
            page.locator("#guide-again").click();
            assertThat(guide).isVisible();
            for (int step = 0; step < 3; step++) {
                noOverflow(page, "on a phone, guide step " + (step + 1));
                page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("guide-phone-" + (step + 1) + ".png")).setFullPage(true));
                page.locator("#guide-next").click();
            }
            assertThat(guide).isHidden();
            page.locator("#controls-toggle").click();
            page.locator("#far-toggle").click();
            // All sets done, large; the hold ring gives way to it between sets (its size: SetTransitionsBrowserTest).
            assertThat(page.locator("#after-set")).containsText("All sets done");
            assertThat(page.locator("#hold-ring")).isHidden();
            noOverflow(page, "in the far view on a phone");
            page.setViewportSize(1920, 1080);
            noOverflow(page, "in the far view");
            assertTrue(SetTransitionsBrowserTest.px(page, ".rest-label") >= 80, "all sets done from 3 m");
            page.screenshot(new Page.ScreenshotOptions().setPath(shots.resolve("guided-far.png")));
            assertEquals("", errors.toString());
        }
    }

    @Test
    void withReducedMotionTheExerciseShowsItsKeyPosesStill() throws Exception {
        DashboardBrowserTest.requireChromium();
        try (TestDashboard d = new TestDashboard(); Playwright pw = DashboardBrowserTest.playwright(); Browser browser = DashboardBrowserTest.chromium(pw)) {
            StringBuilder errors = new StringBuilder();
            Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1280, 900).setReducedMotion(ReducedMotion.REDUCE));
            page.onPageError(e -> errors.append(e).append('\n'));
            page.addInitScript("localStorage.setItem('hiphike.noticeSeen', '1');");
            page.navigate(d.base() + "/");
            page.locator("#guide-next").click();
            page.locator("#guide-next").click();
            assertThat(page.locator("#knee-animation")).isVisible();
            Object state = page.evaluate("""
                    () => ["drop-animation", "knee-animation"].map((id) => { const s = document.getElementById(id);
                      return s.animationsPaused() + "@" + s.getCurrentTime().toFixed(1); }).join(" ")""");
            assertEquals("true@3.4 true@2.4", state, "paused at the bottom of the drop and at the bent knee");
            Object transition = page.evaluate("() => getComputedStyle(document.getElementById('hold-ring-fill')).transitionDuration");
            assertEquals("0s", transition, "the ring jumps, it does not glide");
            assertEquals("", errors.toString());
        }
    }
}
