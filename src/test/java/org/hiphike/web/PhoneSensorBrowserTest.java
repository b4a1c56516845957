package org.hiphike.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.Report;
import org.hiphike.exercise.Side;
import org.hiphike.recording.Recording;
import org.hiphike.sim.Scenario;
import org.hiphike.sim.Simulator;
import org.hiphike.source.PhoneSource;
import org.hiphike.source.SensorPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The phone as the sensor, end to end in a real browser: chromium opens {@code /sensor} over HTTPS (the dashboard's
 * own self-signed certificate, accepted as a person accepts it: certificate errors ignored), the person taps Start,
 * and the recording's motion is played into the browser's motion sensors through the DevTools virtual sensors
 * ({@code Emulation.setSensorOverrideEnabled} and {@code Emulation.setSensorOverrideReadings} for
 * {@code accelerometer}, {@code linear-acceleration} and {@code gyroscope}, the three that drive
 * {@code DeviceMotionEvent} in chromium), in real time. The page stamps the events with its own clock and streams them
 * over {@code wss://.../ws/phone}; the live session counts the same reps as {@code analyze} of the recording.
 *
 * <p>The recording is a simulated set of 3 clean reps by a phone-grade sensor at 60 Hz (the rate phones deliver
 * motion events at), worn as the page asks: top up, screen facing away from the body, so the phone's axes are the worn
 * frame (accelerometer in m/s², gyroscope in rad/s for the virtual sensors; the page reads °/s).
 */
@Timeout(240)
class PhoneSensorBrowserTest {
    @TempDir
    Path config;

    @Test
    void aRecordingPlayedIntoThePhonesMotionSensorsCountsTheRepsOfAnalyze() throws Exception {
        playsTheRepsOfAnalyze(1);
    }

    /**
     * iOS Safari gives accelerationIncludingGravity with the opposite sign to the W3C's (WebKit passes CoreMotion's
     * on): the page sees it in the first events, turns it, and the session counts the same reps.
     */
    @Test
    void aBrowserGivingTheOppositeAccelerationSignAsIosSafariDoesIsTurnedAndCountsTheSameReps() throws Exception {
        playsTheRepsOfAnalyze(-1);
    }

    /** @param browserSign +1: the browser gives the W3C's sign (Chromium); -1: the opposite (iOS Safari) */
    private void playsTheRepsOfAnalyze(int browserSign) throws Exception {
        DashboardBrowserTest.requireChromium();
        Recording rec = Simulator.simulate(Scenario.preset("clean-set", 7,
                new Scenario.Options(Side.LEFT, 3, "phone", 60.0, null, null))).recording();
        Report expected = Analysis.analyze(rec);
        assertTrue(expected.reps().size() >= 3, "analyze counts the set's reps: " + expected.reps().size());

        String token = DashboardSecurity.newToken();
        PrescriptionStore store = PrescriptionStore.inMemory(Prescription.DEFAULTS);
        LiveSession session = new LiveSession(store);
        DashboardCertificate cert = DashboardCertificate.loadOrCreate(config, List.of());
        Javalin app = DashboardServer.create(new DashboardServer.Dependencies(session, new SourceCatalog(null, SensorPorts.NONE, 1),
                store, new DashboardSecurity(token)), new DashboardServer.Listen("127.0.0.1", 0, 0, cert)).start();
        try (Playwright pw = DashboardBrowserTest.playwright(); Browser browser = DashboardBrowserTest.chromium(pw)) {
            BrowserContext ctx = browser.newContext(new Browser.NewContextOptions().setIgnoreHTTPSErrors(true)
                    .setViewportSize(412, 915).setIsMobile(true).setHasTouch(true));
            int httpsPort = DashboardServer.localPort(app, true);
            String origin = "https://127.0.0.1:" + httpsPort;
            ctx.grantPermissions(List.of("accelerometer", "gyroscope"), new BrowserContext.GrantPermissionsOptions().setOrigin(origin));
            Page page = ctx.newPage();
            StringBuilder errors = new StringBuilder();
            page.onPageError(e -> errors.append(e).append('\n'));
            CDPSession cdp = ctx.newCDPSession(page);
            for (String type : List.of("accelerometer", "linear-acceleration", "gyroscope")) {
                JsonObject p = new JsonObject();
                p.addProperty("enabled", true);
                p.addProperty("type", type);
                JsonObject meta = new JsonObject();
                meta.addProperty("available", true);
                meta.addProperty("maximumFrequency", 60.0);
                p.add("metadata", meta);
                cdp.send("Emulation.setSensorOverrideEnabled", p);
            }
            ImuSample first = rec.samples().get(0);
            set(cdp, first, browserSign);

            page.navigate(origin + "/sensor?token=" + token);
            assertEquals(Boolean.TRUE, page.evaluate("() => window.isSecureContext"), "the HTTPS page is a secure context");
            page.locator("#start").click();
            PlaywrightAssertions.assertThat(page.locator("#link-text")).hasText("connected",
                    new LocatorAssertions.HasTextOptions().setTimeout(10_000));
            // Events come from the virtual sensors (nothing else here has motion sensors).
            page.waitForFunction("() => window.hiphikeSensor.events > 5", null,
                    new Page.WaitForFunctionOptions().setTimeout(10_000));

            // The recording in real time: the readings change at the recording's instants; the page's events sample them.
            long t0 = System.nanoTime();
            double start = first.timeS();
            for (ImuSample s : rec.samples()) {
                long due = t0 + (long) ((s.timeS() - start) * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                set(cdp, s, browserSign);
            }
            ImuSample last = rec.samples().get(rec.samples().size() - 1);
            Thread.sleep(1500); // the last events, standing still
            long received = ((Number) page.evaluate("() => window.hiphikeSensor.sent")).longValue();
            double seconds = last.timeS() - start;
            assertTrue(received > 40 * seconds, "the page sent motion events at about 60 Hz: " + received + " in " + seconds + " s");
            assertTrue(session.currentSource() instanceof PhoneSource, "the phone became the session's source");
            assertEquals(browserSign, ((Number) page.evaluate("() => window.hiphikeSensor.accSign")).intValue(),
                    "the page found the browser's sign");
            assertEquals("phone", session.state().source().kind());

            // The dashboard, open on the computer, says the phone is the sensor and shows its reps.
            Page dashboard = browser.newPage(new Browser.NewPageOptions().setIgnoreHTTPSErrors(true));
            dashboard.addInitScript("localStorage.setItem('hiphike.noticeSeen', '1'); localStorage.setItem('hiphike.guideDone', '1');");
            dashboard.navigate(origin + "/?token=" + token);
            PlaywrightAssertions.assertThat(dashboard.locator("#sensor-text")).hasText("phone connected");
            PlaywrightAssertions.assertThat(dashboard.locator("#total-reps")).hasText(Integer.toString(session.reps().size()));

            // The phone's page shows the live session's count.
            PlaywrightAssertions.assertThat(page.locator("#reps")).hasText(Integer.toString(session.reps().size()),
                    new LocatorAssertions.HasTextOptions().setTimeout(5_000));
            page.locator("#stop").click();
            session.stop();
            assertTrue(session.awaitEnd(Duration.ofSeconds(5)));
            assertEquals(expected.reps().size(), session.reps().size(),
                    "the live session counts the reps analyze counts: " + session.report().reps());
            for (int i = 0; i < expected.reps().size(); i++) {
                assertEquals(expected.reps().get(i).side(), session.reps().get(i).side(), "side of rep " + (i + 1));
                assertEquals(expected.reps().get(i).peakDropDeg(), session.reps().get(i).peakDropDeg(), 1.0, "peak of rep " + (i + 1));
            }
            Files.createDirectories(DashboardBrowserTest.artefacts());
            page.screenshot(new Page.ScreenshotOptions().setPath(DashboardBrowserTest.artefacts()
                    .resolve(browserSign > 0 ? "phone-sensor.png" : "phone-sensor-ios-sign.png")));
            assertEquals("", errors.toString());
        } finally {
            session.close();
            app.stop();
        }
    }

    /**
     * Bound to the network, the dashboard's controls show the QR code of the {@code /sensor} page's HTTPS address: one
     * of this machine's own network addresses (never a placeholder), the HTTPS port, the token; and what the
     * certificate warning will say.
     */
    @Test
    void theDashboardShowsTheQrCodeOfThePhonesAddressOnTheNetwork() throws Exception {
        DashboardBrowserTest.requireChromium();
        List<String> addresses = DashboardLauncher.reachableAddresses("0.0.0.0");
        String token = DashboardSecurity.newToken();
        PrescriptionStore store = PrescriptionStore.inMemory(Prescription.DEFAULTS);
        LiveSession session = new LiveSession(store);
        DashboardCertificate cert = DashboardCertificate.loadOrCreate(config, List.of());
        Javalin app = DashboardServer.create(new DashboardServer.Dependencies(session, new SourceCatalog(null, SensorPorts.NONE, 1),
                store, new DashboardSecurity(token, DashboardSecurity.hostsFor("0.0.0.0", List.of()))),
                new DashboardServer.Listen("0.0.0.0", 0, 0, cert)).start();
        try (Playwright pw = DashboardBrowserTest.playwright(); Browser browser = DashboardBrowserTest.chromium(pw)) {
            Page page = DashboardBrowserTest.page(browser, new StringBuilder());
            page.addInitScript("localStorage.setItem('hiphike.noticeSeen', '1'); localStorage.setItem('hiphike.guideDone', '1');");
            page.navigate("http://127.0.0.1:" + DashboardServer.localPort(app, false) + "/?token=" + token);
            page.locator("#controls-toggle").click();
            if (addresses.isEmpty()) {
                PlaywrightAssertions.assertThat(page.locator("#phone-note")).containsText("No network address");
                return;
            }
            String url = "https://" + addresses.get(0) + ":" + DashboardServer.localPort(app, true) + "/sensor?token=" + token;
            PlaywrightAssertions.assertThat(page.locator("#phone-url")).hasText(url);
            java.util.Set<String> own = new java.util.HashSet<>();
            for (var nif : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                for (var a : java.util.Collections.list(nif.getInetAddresses())) own.add(a.getHostAddress());
            }
            assertTrue(own.contains(addresses.get(0)) && !addresses.get(0).startsWith("127."), "one of this machine's addresses: " + own);
            PlaywrightAssertions.assertThat(page.locator("#phone-qr")).isVisible();
            page.waitForFunction("() => document.getElementById('phone-qr').complete && document.getElementById('phone-qr').naturalWidth > 0");
            PlaywrightAssertions.assertThat(page.locator("#phone-note")).containsText("not private");
            PlaywrightAssertions.assertThat(page.locator("#phone-fingerprint")).containsText(cert.fingerprint());
            // The image is the QR code of that address.
            String svg = (String) page.evaluate("async () => (await fetch('/api/phone/qr.svg')).text()");
            assertEquals(QrSvg.of(url), svg);
            page.locator("#controls").screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions()
                    .setPath(DashboardBrowserTest.artefacts().resolve("phone-qr.png")));
        } finally {
            session.close();
            app.stop();
        }
    }

    /** The sample as the phone's sensors read it, worn top up with the screen facing away: m/s² and rad/s. */
    private static void set(CDPSession cdp, ImuSample s, int accSign) {
        double g = accSign * PhoneSource.STANDARD_GRAVITY, r = Math.PI / 180;
        reading(cdp, "accelerometer", s.accG().x() * g, s.accG().y() * g, s.accG().z() * g);
        reading(cdp, "linear-acceleration", 0, 0, 0);
        reading(cdp, "gyroscope", s.gyroDps().x() * r, s.gyroDps().y() * r, s.gyroDps().z() * r);
    }

    private static void reading(CDPSession cdp, String type, double x, double y, double z) {
        JsonObject xyz = new JsonObject();
        xyz.addProperty("x", x);
        xyz.addProperty("y", y);
        xyz.addProperty("z", z);
        JsonObject reading = new JsonObject();
        reading.add("xyz", xyz);
        JsonObject p = new JsonObject();
        p.addProperty("type", type);
        p.add("reading", reading);
        cdp.send("Emulation.setSensorOverrideReadings", p);
    }
}
