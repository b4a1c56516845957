package org.hiphike.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.nio.file.Path;
import java.util.List;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.Rep;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.Recording;
import org.hiphike.source.BleSensorPorts;
import org.hiphike.source.BleSourceTest;
import org.hiphike.source.BlueZ;
import org.hiphike.source.BluezMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Bluetooth LE sensor on the dashboard, in chromium: a NUS board on BlueZ (python-dbusmock on a private D-Bus) is in
 * the source menu by name and kind, is started from it, streams a recording's frames, goes out of range (the page says
 * lost and keeps the reps) and comes back; the page ends with the recording's reps. Skips without chromium or
 * dbusmock, except in CI.
 */
@Timeout(180)
class BleSensorBrowserTest {
    @TempDir
    Path dir;

    @Test
    void aBleSensorIsChosenFromTheMenuStreamsIsLostAndComesBack() throws Exception {
        DashboardBrowserTest.requireChromium();
        Recording rec = new CsvRecordingReader().read(BleSourceTest.RECORDING);
        List<Rep> expected = Analysis.analyze(rec).reps();
        int cut = BleSourceTest.quietMiddle(rec, expected), resume = cut + 100;
        long repsBeforeCut = expected.stream().filter(r -> r.endS() < rec.samples().get(cut).timeS()).count();
        String addr = "AA:BB:CC:00:02:01";
        try (BluezMock mock = BluezMock.start()) {
            System.setProperty(BlueZ.BUS_PROPERTY, mock.address());
            mock.device(addr, "hiphike-pelvis", "nus");
            try (TestDashboard d = new TestDashboard(new BleSensorPorts());
                 Playwright pw = DashboardBrowserTest.playwright();
                 Browser browser = DashboardBrowserTest.chromium(pw)) {
                StringBuilder consoleErrors = new StringBuilder();
                Page page = DashboardBrowserTest.page(browser, consoleErrors);
                page.addInitScript(SensorStatusBrowserTest.FAKE_SPEECH);
                page.navigate(d.base() + "/");
                Locator status = page.locator("#sensor-status");

                page.locator("#controls-toggle").click();
                String option = "sensor:ble:" + addr;
                Locator opt = page.locator("#source-select option[value='" + option + "']");
                opt.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.ATTACHED));
                String label = opt.innerText();
                assertTrue(label.contains("hiphike-pelvis") && label.contains("hiphike NUS") && label.contains("RSSI -60 dBm"), label);
                page.locator("#source-select").selectOption(option);
                page.locator("#start-btn").click();
                mock.command("waitnotify " + addr + " 20");
                mock.push(addr, BleSourceTest.nusNotifications(rec.samples(), 0, cut, true), dir);
                assertThat(status).hasAttribute("data-state", "streaming", SensorStatusBrowserTest.within(10));
                SensorStatusBrowserTest.awaitTotalReps(page, (int) repsBeforeCut, 30);

                mock.command("away " + addr);
                assertThat(status).hasAttribute("data-state", "lost", SensorStatusBrowserTest.within(10));
                assertThat(page.locator("#sensor-text")).hasText("sensor lost");
                assertThat(page.locator("#total-reps")).hasText(Long.toString(repsBeforeCut));

                mock.command("back " + addr);
                mock.command("waitnotify " + addr + " 20");
                mock.push(addr, BleSourceTest.nusNotifications(rec.samples(), resume, rec.samples().size(), false), dir);
                assertThat(status).hasAttribute("data-state", "streaming", SensorStatusBrowserTest.within(10));
                SensorStatusBrowserTest.awaitTotalReps(page, expected.size(), 30);
                page.waitForTimeout(1000); // nothing more is counted
                assertEquals(expected.size(), SensorStatusBrowserTest.number(page, "total-reps"));
                assertEquals(expected.size(), page.locator("#rep-table tbody tr").count());
                page.screenshot(new Page.ScreenshotOptions().setPath(DashboardBrowserTest.artefacts().resolve("ble-sensor.png")));
                assertEquals("", consoleErrors.toString(), "no errors in the browser console");
            } finally {
                System.clearProperty(BlueZ.BUS_PROPERTY);
            }
        }
    }
}
