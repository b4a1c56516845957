package org.hiphike.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.core.AxisRemap;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.Report;
import org.hiphike.exercise.ReportJson;
import org.hiphike.recording.CsvRecordingReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class DashboardServerTest {

    private static JsonNode tree(String json) throws Exception { return Messages.mapper().readTree(json); }

    @Test
    void replayAtMaxSpeedGivesExactlyTheRepsOfAnalyze() throws Exception {
        for (String id : List.of("left-set_knee-bend_100hz", "session_both-sides_walking-turning_100hz")) {
            try (TestDashboard d = new TestDashboard(); LiveClient client = new LiveClient(d.ws(null), null)) {
                client.await(LiveClient.type("hello"), 5, "hello");
                var started = d.send("POST", "/api/source", "{\"kind\":\"sample\",\"id\":\"" + id + "\",\"speed\":\"max\"}");
                assertEquals(200, started.statusCode(), started.body());
                client.await(LiveClient.sourceEnded(), 30, "end of the replay");

                // With the dashboard's prescription (its target depth judges too_shallow), as the live session measures.
                Report expected = Analysis.analyze(new CsvRecordingReader().read(TestDashboard.SAMPLES.resolve(id + ".csv")),
                        PipelineSettings.DEFAULTS.withThresholds(Prescription.DEFAULTS.thresholds()), AxisRemap.IDENTITY);
                JsonNode report = tree(d.get("/api/report").body());
                assertEquals(tree(ReportJson.toJson(expected.reps())), report.get("reps"), id + ": reps of the live session vs analyze");
                assertEquals(tree(ReportJson.toJson(expected.sets())), report.get("sets"), id);
                assertEquals(expected.recording().samples(), report.get("recording").get("samples").asInt());
                assertEquals("hiphike-report", report.get("format").asText());

                // The WebSocket carried every rep, in order, with the same metrics.
                List<JsonNode> repMessages = client.messages.stream().filter(LiveClient.type("rep")).map(m -> m.get("rep")).toList();
                assertEquals(tree(ReportJson.toJson(expected.reps())), Messages.mapper().valueToTree(repMessages));
                JsonNode state = tree(d.get("/api/state").body());
                assertEquals(expected.reps().size(), state.get("state").get("rep_count").asInt());
                assertEquals(report.get("reps"), state.get("report").get("reps"));
            }
        }
    }

    @Test
    void webSocketPushesSampleBatchesAndEventsAtReplaySpeed() throws Exception {
        try (TestDashboard d = new TestDashboard(); LiveClient client = new LiveClient(d.ws(null), null)) {
            JsonNode hello = client.await(LiveClient.type("hello"), 5, "hello");
            assertEquals(12, hello.get("prescription").get("reps_per_set").asInt());
            d.send("POST", "/api/source", "{\"kind\":\"sample\",\"id\":\"left-set_clean_100hz\",\"speed\":\"4\"}");
            // 2 s of the recording at 4x is half a second: samples arrive in batches with the state.
            client.await(m -> "samples".equals(m.path("type").asText()) && m.get("state").get("time_s").asDouble() > 2.0, 10,
                    "samples past 2 s");
            long batches = client.messages.stream().filter(LiveClient.type("samples")).count();
            int samples = client.messages.stream().filter(LiveClient.type("samples")).mapToInt(m -> m.get("t").size()).sum();
            assertTrue(samples >= 150, "samples delivered: " + samples);
            assertTrue(batches >= 20, "at 400 samples/s at least 20 messages in the first half second, got " + batches);
            for (JsonNode m : client.messages) assertTrue(m.has("type"), "every message has a type: " + m);
            // Speed and pause through the API.
            var paused = d.send("POST", "/api/replay", "{\"paused\":true}");
            assertEquals(200, paused.statusCode(), paused.body());
            client.await(m -> "source".equals(m.path("type").asText()) && m.get("source").get("paused").asBoolean(), 5, "paused");
            d.send("POST", "/api/replay", "{\"speed\":\"max\",\"paused\":false}");
            client.await(LiveClient.type("set_ended"), 20, "set summary");
            JsonNode ended = client.await(LiveClient.sourceEnded(), 20, "end");
            assertEquals("max", ended.get("source").get("speed").asText());
            JsonNode setEnded = client.await(LiveClient.type("set_ended"), 1, "set summary");
            assertEquals(10, setEnded.get("set").get("rep_count").asInt());
            assertTrue(client.messages.stream().anyMatch(m -> "cue".equals(m.path("type").asText()) && "rep".equals(m.path("key").asText())));
        }
    }

    @Test
    void lateClientGetsRepsAndTraceInItsHello() throws Exception {
        try (TestDashboard d = new TestDashboard(); LiveClient first = new LiveClient(d.ws(null), null)) {
            d.send("POST", "/api/source", "{\"kind\":\"sample\",\"id\":\"right-set_clean_100hz\",\"speed\":\"max\"}");
            first.await(LiveClient.sourceEnded(), 30, "end");
            try (LiveClient late = new LiveClient(d.ws(null), null)) {
                JsonNode hello = late.await(LiveClient.type("hello"), 5, "hello");
                assertEquals(10, hello.get("reps").size());
                assertTrue(hello.get("trace").get("t").size() > 1000, "about 20 s of trace");
            }
        }
    }

    @Test
    void securityHeadersOnPageAndApi() throws Exception {
        try (TestDashboard d = new TestDashboard()) {
            for (String path : List.of("/", "/app.js", "/api/state")) {
                HttpResponse<String> r = d.get(path);
                assertEquals(200, r.statusCode(), path);
                assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"), path);
                assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), path);
                assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(""), path);
                assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(""), path);
            }
            assertTrue(d.get("/").body().contains("<title>hiphike"));
        }
    }

    @Test
    void tokenIsRequiredOnPageApiAndWebSocket() throws Exception {
        String token = "0123456789abcdef";
        try (TestDashboard d = new TestDashboard(token, PrescriptionStore.inMemory(Prescription.DEFAULTS), 1 << 20)) {
            assertEquals(401, d.get("/").statusCode());
            // A browser opening the page without the token reads how to get the address with it, not raw JSON.
            HttpResponse<String> refused = d.get("/", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
            assertEquals(401, refused.statusCode());
            assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), refused.headers().toString());
            assertTrue(refused.body().contains("<h1>This dashboard needs its access link</h1>"), refused.body());
            assertTrue(refused.body().contains("<code>?token=</code>") && refused.body().contains("start it again"), refused.body());
            assertTrue(d.get("/api/state", "Accept", "text/html").headers().firstValue("Content-Type").orElse("")
                    .startsWith("application/json"), "the API answers JSON whatever it is asked");
            assertEquals(401, d.get("/api/state").statusCode());
            assertEquals(401, d.get("/api/state?token=wrong").statusCode());
            HttpResponse<String> page = d.get("/?token=" + token);
            assertEquals(200, page.statusCode());
            String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
            assertEquals(200, d.get("/api/state", "Cookie", cookie.split(";")[0]).statusCode());
            assertEquals(200, d.get("/api/state", "Authorization", "Bearer " + token).statusCode());
            assertThrowsOnConnect(d.ws(null), null);
            try (LiveClient ok = new LiveClient(d.ws("token=" + token), null)) {
                ok.await(LiveClient.type("hello"), 5, "hello");
            }
        }
    }

    @Test
    void webSocketAndChangesRefuseOtherOrigins() throws Exception {
        try (TestDashboard d = new TestDashboard()) {
            assertThrowsOnConnect(d.ws(null), "http://evil.example");
            try (LiveClient same = new LiveClient(d.ws(null), "http://127.0.0.1:" + d.app.port())) {
                same.await(LiveClient.type("hello"), 5, "hello");
            }
            var r = d.send("POST", "/api/stop", "{}", "Origin", "http://evil.example");
            assertEquals(403, r.statusCode());
            assertEquals(200, d.send("POST", "/api/stop", "{}", "Origin", "http://127.0.0.1:" + d.app.port()).statusCode());
        }
    }

    @Test
    void samplesAreChosenByIdNeverByPath() throws Exception {
        try (TestDashboard d = new TestDashboard()) {
            JsonNode samples = tree(d.get("/api/samples").body());
            assertTrue(samples.size() >= 5);
            assertFalse(samples.toString().contains("/"), "the listing shows ids and names, not paths: " + samples);
            for (String id : List.of("../pom", "/etc/passwd", "left-set_clean_100hz.csv", "..%2Fpom")) {
                var r = d.send("POST", "/api/source", "{\"kind\":\"sample\",\"id\":\"" + id + "\"}");
                assertEquals(400, r.statusCode(), id);
                assertTrue(tree(r.body()).get("error").asText().contains("no sample"), r.body());
            }
            assertEquals(404, d.get("/../pom.xml").statusCode() == 404 ? 404 : d.get("/web/app.js").statusCode());
            assertEquals(404, d.get("/web/app.js").statusCode());
        }
    }

    @Test
    void uploadsAreParsedStrictlyAndLimitedInSize() throws Exception {
        String good = Files.readString(TestDashboard.SAMPLES.resolve("left-set_clean_100hz.csv"));
        // The limit admits the sample and refuses twice its size.
        long limit = good.getBytes(java.nio.charset.StandardCharsets.UTF_8).length * 3L / 2;
        try (TestDashboard d = new TestDashboard(null, PrescriptionStore.inMemory(Prescription.DEFAULTS), limit)) {
            var ok = upload(d, "my session.csv", good);
            assertEquals(201, ok.statusCode(), ok.body());
            JsonNode entry = tree(ok.body());
            assertEquals("upload", entry.get("kind").asText());
            assertTrue(entry.get("samples").asInt() > 1000);

            String bad = good.replaceFirst("\n0\\.0", "\nzero");
            var r = upload(d, "bad.csv", "# hiphike recording v1\ntime_s,acc_x_g,acc_y_g,acc_z_g,gyr_x_dps,gyr_y_dps,gyr_z_dps\n"
                    + "0.00,0,1,0,0,0,0\n0.01,0,abc,0,0,0,0\n");
            assertEquals(400, r.statusCode(), r.body());
            JsonNode err = tree(r.body());
            assertEquals(4, err.get("line").asInt(), r.body());
            assertEquals("acc_y_g", err.get("column").asText(), r.body());
            assertFalse(bad.isEmpty());

            // Refused on its Content-Length before the body is read: a 413, or the connection closed
            // while the client is still sending (then the upload is not listed either).
            try {
                var big = upload(d, "big.csv", good + good);
                assertEquals(413, big.statusCode(), big.body());
            } catch (java.io.IOException closedWhileSending) {
                // refused
            }
            assertEquals(1, tree(d.get("/api/sources").body()).get("uploads").size(), "only the good upload is kept");

            var play = d.send("POST", "/api/source", "{\"kind\":\"upload\",\"id\":\"" + entry.get("id").asText() + "\",\"speed\":\"max\"}");
            assertEquals(200, play.statusCode(), play.body());
        }
    }

    @Test
    void prescriptionIsKeptBetweenRuns(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prescription.json");
        try (TestDashboard d = new TestDashboard(null, new PrescriptionStore(file), 1 << 20)) {
            var r = d.send("PUT", "/api/prescription", "{\"reps_per_set\":7,\"sets\":2,\"hold_target_s\":3.0,\"target_depth_deg\":6,"
                    + "\"rest_s\":45,\"sides\":\"both\",\"thresholds\":{\"short_hold_s\":1.5}}");
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"rest_s\":45.0,\"sides\":\"both\""), r.body());
            var bad = d.send("PUT", "/api/prescription", "{\"reps_per_set\":0}");
            assertEquals(400, bad.statusCode());
            var notJson = d.send("PUT", "/api/prescription", "reps=7");
            assertEquals(400, notJson.statusCode());
        }
        Prescription again = new PrescriptionStore(file).get();
        assertEquals(7, again.repsPerSet());
        assertEquals(3.0, again.holdTargetS());
        assertEquals(1.5, again.thresholds().shortHoldS());
        assertEquals(45.0, again.restS());
        assertEquals("both", again.sides());
        assertEquals(4, again.totalSets());
        try (TestDashboard d = new TestDashboard(null, new PrescriptionStore(file), 1 << 20)) {
            // Without rest_s and sides (or with null or ""), the prescription names neither.
            var r = d.send("PUT", "/api/prescription", "{\"reps_per_set\":7,\"sets\":2,\"rest_s\":null,\"sides\":\"\"}");
            assertEquals(200, r.statusCode(), r.body());
            assertFalse(r.body().contains("rest_s") || r.body().contains("sides"), r.body());
        }
        assertNull(new PrescriptionStore(file).get().restS());
    }

    @Test
    void prescriptionValuesOutsideTheirRangesAreRefusedByName() throws Exception {
        try (TestDashboard d = new TestDashboard()) {
            Map<String, String> bad = new java.util.LinkedHashMap<>();
            bad.put("{\"thresholds\":{\"min_peak_deg\":1e309}}", "min_peak_deg must be 1-20 deg");
            bad.put("{\"thresholds\":{\"knee_drop_cm\":-1}}", "knee_drop_cm must be 0.5-20 cm");
            bad.put("{\"thresholds\":{\"level_deg\":4,\"min_peak_deg\":3}}", "min_peak_deg (3.0) must be more than level_deg");
            bad.put("{\"thresholds\":{\"too_fast_lower_s\":1e6}}", "too_fast_lower_s must be 0-10 s");
            bad.put("{\"hold_target_s\":1e309}", "hold_target_s must be 0-30");
            bad.put("{\"reps_per_set\":2.5}", "reps_per_set must be a whole number");
            bad.put("{\"sets\":1e12}", "sets must be a whole number");
            bad.put("{\"rest_s\":601}", "rest_s must be 0-600");
            bad.put("{\"rest_s\":\"60\"}", "rest_s must be a number");
            bad.put("{\"sides\":\"up\"}", "sides must be left, right or both");
            bad.put("{\"sides\":2}", "sides must be left, right or both");
            for (var e : bad.entrySet()) {
                var r = d.send("PUT", "/api/prescription", e.getKey());
                assertEquals(400, r.statusCode(), e.getKey() + ": " + r.body());
                assertTrue(r.body().contains(e.getValue()), e.getKey() + ": " + r.body());
            }
            assertEquals(Prescription.DEFAULTS, d.store.get(), "nothing refused was kept");
            // A replay after the refusals counts as before.
            var play = d.send("POST", "/api/source", "{\"kind\":\"sample\",\"id\":\"left-set_clean_100hz\",\"speed\":\"max\"}");
            assertEquals(200, play.statusCode(), play.body());
        }
    }

    /** Uploads are streamed to files, not held in memory: at most the last eight are kept, a refused one leaves nothing. */
    @Test
    void uploadsAreKeptAsFilesAndTheOldestGo(@TempDir Path dir) throws Exception {
        try (TestDashboard d = new TestDashboard()) {
            d.catalog.uploadsTo(dir);
            String good = Files.readString(TestDashboard.SAMPLES.resolve("left-set_clean_100hz.csv"));
            for (int i = 0; i < SourceCatalog.MAX_UPLOADS + 2; i++) assertEquals(201, upload(d, "u" + i + ".csv", good).statusCode());
            assertEquals(400, upload(d, "bad.csv", "time_s,acc_x_g\n1,2\n").statusCode());
            try (var files = Files.list(dir)) {
                List<Path> kept = files.toList();
                assertEquals(SourceCatalog.MAX_UPLOADS, kept.size(), kept.toString());
                for (Path f : kept) assertEquals(good, Files.readString(f));
            }
            JsonNode uploads = tree(d.get("/api/sources").body()).get("uploads");
            assertEquals(SourceCatalog.MAX_UPLOADS, uploads.size());
            assertEquals("u2.csv", uploads.get(0).get("name").asText(), "the two oldest went");
            var play = d.send("POST", "/api/source", "{\"kind\":\"upload\",\"id\":\"" + uploads.get(0).get("id").asText()
                    + "\",\"speed\":\"max\"}");
            assertEquals(200, play.statusCode(), play.body());
        }
    }

    private static HttpResponse<String> upload(TestDashboard d, String name, String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(d.base() + "/api/uploads?name=" + java.net.URLEncoder.encode(name, "UTF-8")))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return d.http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertThrowsOnConnect(URI uri, String origin) {
        try (LiveClient c = new LiveClient(uri, origin)) {
            throw new AssertionError("connected to " + uri + " with origin " + origin);
        } catch (AssertionError e) {
            throw e;
        } catch (Exception expected) {
            // refused
        }
    }
}
