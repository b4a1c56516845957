package org.hiphike.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hiphike.cli.Main;
import org.hiphike.exercise.Report;
import org.hiphike.exercise.ReportJson;
import org.hiphike.recording.Recording;
import org.hiphike.web.SensorLoggerPushTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code live --sensor-logger}: the session waits for Sensor Logger's pushes to the dashboard it serves. */
@Timeout(120)
class SensorLoggerLiveTest {
    @Test
    void liveWaitsForThePushesAndCountsTheRepsOfAnalyze() throws Exception {
        Recording rec = HyperImuTest.recording();
        Report expected = org.hiphike.exercise.Analysis.analyze(rec);
        List<String> batches = SensorLoggerPushTest.shuffled(SensorLoggerPushTest.batches(rec, SensorLoggerPushTest.Phone.IOS), 3);
        StringWriter out = new StringWriter(), err = new StringWriter();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> {
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            return cl.execute("live", "--sensor-logger", "--json", "--http-port", "0", "--no-https", "--no-browser", "--no-save",
                    "--duration", "14");
        });
        Pattern address = Pattern.compile("hiphike dashboard: http://127\\.0\\.0\\.1:(\\d+)/");
        Matcher m = address.matcher("");
        long end = System.nanoTime() + 20_000_000_000L;
        while (!(m = address.matcher(err.toString())).find() && System.nanoTime() < end) Thread.sleep(50);
        assertTrue(m.find(0), "the dashboard started: " + err);
        URI push = URI.create("http://127.0.0.1:" + m.group(1) + "/api/push/sensor-logger");
        HttpClient http = HttpClient.newHttpClient();
        for (String b : batches) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(push).POST(HttpRequest.BodyPublishers.ofString(b)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"playing\":true"), r.body());
            Thread.sleep(60); // within the bound on batches a second
        }
        assertEquals(0, run.get(60, TimeUnit.SECONDS), err.toString());
        Report live = ReportJson.parse(out.toString());
        assertEquals(expected.reps().size(), live.reps().size(), "the reps analyze counts: " + err);
        for (int i = 0; i < live.reps().size(); i++) {
            assertEquals(expected.reps().get(i).side(), live.reps().get(i).side());
            assertEquals(expected.reps().get(i).peakDropDeg(), live.reps().get(i).peakDropDeg(), 0.1);
        }
        assertEquals(rec.samples().size(), live.recording().samples(), "every acceleration reading became a sample");
        assertTrue(err.toString().contains("sensor-logger, batches " + batches.size() + ", lost 0"), err.toString());
    }

    @Test
    void withoutTheDashboardItIsOneMessage() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(2, cl.execute("live", "--sensor-logger", "--no-dashboard", "--no-save"));
        assertTrue(err.toString().contains("needs the dashboard"), err.toString());
    }
}
