package org.hiphike.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.Report;
import org.hiphike.exercise.ReportJson;
import org.hiphike.exercise.Thresholds;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.Recording;
import org.hiphike.session.SessionInfo;
import org.hiphike.session.SessionRecording;
import org.hiphike.session.SessionStore;
import org.hiphike.session.StoredSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The history API (docs/dashboard.md) over a session store in a temporary folder. */
@Timeout(60)
class HistoryApiTest {
    static final Path LEFT = TestDashboard.SAMPLES.resolve("left-set_clean_100hz.csv");
    static final Path BOTH = TestDashboard.SAMPLES.resolve("session_both-sides_walking-turning_100hz.csv");
    static final Path RIGHT = TestDashboard.SAMPLES.resolve("right-set_fast-drops_short-holds_100hz.csv");

    @TempDir
    Path dir;
    SessionStore store;
    StoredSession left, both;
    StoredSession replay;
    SessionRecording recording;

    private static JsonNode tree(String json) throws Exception { return Messages.mapper().readTree(json); }

    static SessionInfo info(String source, Instant startedAt) {
        return new SessionInfo(startedAt, source, "bmi270", 100, "+X+Y+Z", Thresholds.DEFAULTS, "");
    }

    /** Two imports (10 and 3 days ago), a replay of a right-side set (2 days ago) and a live session being recorded now. */
    @BeforeEach
    void populate() throws Exception {
        store = SessionStore.open(dir);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        left = store.importRecording(LEFT, info("left-set_clean_100hz.csv", now.minus(10, ChronoUnit.DAYS)), PipelineSettings.DEFAULTS);
        both = store.importRecording(BOTH, info("session_both-sides.csv", now.minus(3, ChronoUnit.DAYS)), PipelineSettings.DEFAULTS);
        Recording right = new CsvRecordingReader().read(RIGHT);
        SessionRecording r = store.start(info("replay of right-set", now.minus(2, ChronoUnit.DAYS)), "replay");
        for (ImuSample s : right.samples()) r.sample(s);
        replay = r.finish(Analysis.analyze(right));
        recording = store.start(info("/dev/ttyUSB0", now), "live");
    }

    @AfterEach
    void close() {
        recording.finish();
        store.close();
    }

    @Test
    void listIsNewestFirstWithTheStoredSummaries() throws Exception {
        try (TestDashboard d = new TestDashboard(null, store)) {
            HttpResponse<String> r = d.get("/api/sessions");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
            assertTrue(tree(d.get("/api/history").body()).get("saved").asBoolean());
            JsonNode list = tree(r.body());
            assertEquals(List.of(recording.id(), replay.id(), both.id(), left.id()),
                    List.of(list.get(0).get("id").asLong(), list.get(1).get("id").asLong(), list.get(2).get("id").asLong(),
                            list.get(3).get("id").asLong()));
            JsonNode l = list.get(3);
            for (String field : List.of("id", "started_at", "status", "origin", "source", "sensor", "duration_s", "set_count",
                    "reps_left", "reps_right", "mean_peak_drop_deg", "mean_hold_s", "fault_counts", "notes")) {
                assertTrue(l.has(field), field + " in " + l);
            }
            assertEquals("complete", l.get("status").asText());
            assertEquals("import", l.get("origin").asText());
            assertEquals(left.summary().startedAt().toString(), l.get("started_at").asText());
            assertEquals(left.report().reps().size(), l.get("reps_left").asInt());
            assertEquals(0, l.get("reps_right").asInt());
            assertEquals(left.report().summary().meanPeakDropDeg(), l.get("mean_peak_drop_deg").asDouble(), 1e-3);
            JsonNode b = list.get(2);
            assertEquals(both.summary().repsLeft(), b.get("reps_left").asInt());
            assertEquals(both.summary().repsRight(), b.get("reps_right").asInt());
            assertTrue(b.get("reps_left").asInt() > 0 && b.get("reps_right").asInt() > 0, "both sides: " + b);
            assertEquals(both.summary().setCount(), b.get("set_count").asInt());
            assertEquals("replay", list.get(1).get("origin").asText());
            assertEquals("recording", list.get(0).get("status").asText());
            assertEquals("live", list.get(0).get("origin").asText());
        }
    }

    @Test
    void detailHasTheReportJsonAndHowItWasRecorded() throws Exception {
        try (TestDashboard d = new TestDashboard(null, store)) {
            JsonNode s = tree(d.get("/api/sessions/" + both.id()).body());
            assertEquals(both.id(), s.get("id").asLong());
            assertEquals(tree(ReportJson.toJson(store.get(both.id()).report())), s.get("report"));
            assertEquals("hiphike-report", s.get("report").get("format").asText());
            assertEquals(Thresholds.DEFAULTS.shortHoldS(), s.get("thresholds").get("short_hold_s").asDouble());
            assertEquals("+X+Y+Z", s.get("axes").asText());
            assertEquals(100.0, s.get("rate_hz").asDouble());
            assertFalse(s.get("ended_at").isNull());

            JsonNode live = tree(d.get("/api/sessions/" + recording.id()).body());
            assertEquals("recording", live.get("status").asText());
            assertTrue(live.get("report").isNull(), "no report while recording");
            assertTrue(live.get("ended_at").isNull());

            var missing = d.get("/api/sessions/9999");
            assertEquals(404, missing.statusCode());
            assertEquals("no session 9999", tree(missing.body()).get("error").asText());
        }
    }

    @Test
    void idsAreParsedStrictly() throws Exception {
        try (TestDashboard d = new TestDashboard(null, store)) {
            for (String id : List.of("abc", "-1", "1.0", "0x1", "%2E%2E", "1%20", "99999999999999999999")) {
                var r = d.get("/api/sessions/" + id);
                assertEquals(400, r.statusCode(), id + ": " + r.body());
                assertTrue(tree(r.body()).get("error").asText().contains("a session id is a number"), r.body());
                assertEquals(400, d.get("/api/sessions/" + id + "/report?format=json").statusCode(), id);
                assertEquals(400, d.send("DELETE", "/api/sessions/" + id, "").statusCode(), id);
            }
            // Paths never reach the file system: only the fixed routes answer.
            assertEquals(404, d.get("/api/sessions/" + left.id() + "/../../pom.xml").statusCode());
            assertEquals(store.list().size(), 4, "nothing deleted");
        }
    }

    @Test
    void notesAreSavedAndLimited() throws Exception {
        try (TestDashboard d = new TestDashboard(null, store)) {
            var r = d.send("PUT", "/api/sessions/" + left.id() + "/notes", "{\"notes\":\"Felt easy — try 10° next week\"}");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("Felt easy — try 10° next week", tree(r.body()).get("notes").asText());
            assertEquals("Felt easy — try 10° next week", store.get(left.id()).summary().notes());
            assertEquals("Felt easy — try 10° next week", tree(d.get("/api/sessions/" + left.id()).body()).get("notes").asText());

            String max = "x".repeat(HistoryRoutes.MAX_NOTES_CHARS);
            assertEquals(200, d.send("PUT", "/api/sessions/" + left.id() + "/notes", "{\"notes\":\"" + max + "\"}").statusCode());
            var tooLong = d.send("PUT", "/api/sessions/" + left.id() + "/notes", "{\"notes\":\"" + max + "y\"}");
            assertEquals(400, tooLong.statusCode());
            assertTrue(tree(tooLong.body()).get("error").asText().contains("limited to 4000"), tooLong.body());
            assertEquals(max, store.get(left.id()).summary().notes(), "unchanged by a refused request");

            assertEquals(400, d.send("PUT", "/api/sessions/" + left.id() + "/notes", "{\"notes\":42}").statusCode());
            assertEquals(400, d.send("PUT", "/api/sessions/" + left.id() + "/notes", "notes=x").statusCode());
            assertEquals(404, d.send("PUT", "/api/sessions/9999/notes", "{\"notes\":\"x\"}").statusCode());
            // Notes can be cleared.
            assertEquals(200, d.send("PUT", "/api/sessions/" + left.id() + "/notes", "{\"notes\":\"\"}").statusCode());
            assertEquals("", store.get(left.id()).summary().notes());
        }
    }

    @Test
    void deleteRefusesARecordingSessionAndRemovesAFinishedOne() throws Exception {
        try (TestDashboard d = new TestDashboard(null, store)) {
            assertEquals(404, d.send("DELETE", "/api/sessions/9999", "").statusCode());

            var busy = d.send("DELETE", "/api/sessions/" + recording.id(), "");
            assertEquals(409, busy.statusCode(), busy.body());
            assertTrue(tree(busy.body()).get("error").asText().contains("being recorded"), busy.body());
            assertEquals(200, d.get("/api/sessions/" + recording.id()).statusCode(), "still there");

            Path file = store.get(left.id()).recordingFile();
            assertTrue(Files.exists(file));
            var ok = d.send("DELETE", "/api/sessions/" + left.id(), "");
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals(left.id(), tree(ok.body()).get("deleted").asLong());
            assertEquals(404, d.get("/api/sessions/" + left.id()).statusCode());
            assertFalse(Files.exists(file), "the recording file is deleted with the session");
            assertEquals(3, tree(d.get("/api/sessions").body()).size());
            assertEquals(404, d.send("DELETE", "/api/sessions/" + left.id(), "").statusCode(), "already gone");
        }
    }

    @Test
    void exportsHaveTheirContentTypeAndFileName() throws Exception {
        Map<String, String> types = Map.of("html", "text/html; charset=utf-8", "pdf", "application/pdf",
                "csv", "text/csv; charset=utf-8", "json", "application/json");
        try (TestDashboard d = new TestDashboard(null, store)) {
            for (var e : types.entrySet()) {
                var r = d.http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(d.base() + "/api/sessions/" + both.id() + "/report?format=" + e.getKey())).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, r.statusCode(), e.getKey());
                assertEquals(e.getValue().replace(" ", ""), r.headers().firstValue("Content-Type").orElse("").replace(" ", ""), e.getKey());
                assertEquals("attachment; filename=\"hiphike-session-" + both.id() + "." + e.getKey() + "\"",
                        r.headers().firstValue("Content-Disposition").orElse(""), e.getKey());
                String text = new String(r.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
                switch (e.getKey()) {
                    case "pdf" -> assertTrue(text.startsWith("%PDF-"), "a PDF");
                    case "html" -> assertTrue(text.contains("<html") && text.contains("</html>"), "an HTML page");
                    case "csv" -> assertTrue(text.startsWith("session,rep,set,side,"), text.substring(0, 40));
                    default -> { }
                }
            }
            // The JSON export is exactly the stored report JSON v1, its source named by the file's name only.
            String json = d.get("/api/sessions/" + both.id() + "/report?format=json").body();
            assertEquals(ReportJson.toJson(org.hiphike.session.ReportContext.ofSession(store.get(both.id()),
                    java.time.ZoneOffset.UTC, false).report()) + "\n", json);
            String source = ReportJson.parse(json).recording().source();
            assertTrue(!source.contains("/") && !source.contains("\\"), source);
            Report parsed = ReportJson.parse(json);
            assertEquals(both.report().reps().size(), parsed.reps().size());
            // CSV: one line per rep after the header.
            String csv = d.get("/api/sessions/" + both.id() + "/report?format=csv").body();
            assertEquals(both.report().reps().size() + 1, csv.strip().split("\n").length);

            assertEquals(400, d.get("/api/sessions/" + both.id() + "/report?format=docx").statusCode());
            assertEquals(400, d.get("/api/sessions/" + both.id() + "/report?format=../x").statusCode());
            assertEquals(404, d.get("/api/sessions/9999/report?format=json").statusCode());
            var busy = d.get("/api/sessions/" + recording.id() + "/report?format=json");
            assertEquals(409, busy.statusCode(), busy.body());
        }
    }

    @Test
    void trendsCountRealExerciseUnlessAskedForReplays() throws Exception {
        int leftReps = left.report().reps().size();
        int bothLeft = both.summary().repsLeft(), bothRight = both.summary().repsRight();
        int replayReps = replay.report().reps().size();
        try (TestDashboard d = new TestDashboard(null, store)) {
            JsonNode def = tree(d.get("/api/trends").body());
            assertEquals("week", def.get("period").asText());
            assertEquals(List.of("live", "import"), List.of(def.get("origins").get(0).asText(), def.get("origins").get(1).asText()));
            LocalDate from = LocalDate.parse(def.get("from").asText()), to = LocalDate.parse(def.get("to").asText());
            assertEquals(DayOfWeek.MONDAY, from.getDayOfWeek(), "weeks start on Monday");
            long span = ChronoUnit.DAYS.between(from, to);
            assertTrue(span >= 49 && span <= 55, "8 weeks up to today: " + from + " to " + to);
            assertEquals(leftReps + bothLeft + bothRight, sum(def, "all"));
            assertEquals(leftReps + bothLeft, sum(def, "left"));
            assertEquals(bothRight, sum(def, "right"), "the replayed right-side set is not counted");
            int sessions = 0;
            for (JsonNode b : def.get("buckets")) sessions += b.get("session_count").asInt();
            assertEquals(3, sessions, "two imports and the live session being recorded");

            JsonNode all = tree(d.get("/api/trends?origins=live,import,replay,simulated").body());
            assertEquals(bothRight + replayReps, sum(all, "right"));
            assertEquals(leftReps + bothLeft + bothRight + replayReps, sum(all, "all"));

            JsonNode days = tree(d.get("/api/trends?period=day&tz=UTC&origins=import").body());
            assertEquals("day", days.get("period").asText());
            assertEquals(2, days.get("buckets").size(), "one day per import");
            JsonNode first = days.get("buckets").get(0);
            assertEquals(left.summary().startedAt().atZone(ZoneOffset.UTC).toLocalDate().toString(),
                    first.get("period_start").asText());
            assertEquals(leftReps, first.get("all").get("rep_count").asInt());
            assertEquals(left.report().summary().meanPeakDropDeg(), first.get("all").get("mean_peak_drop_deg").asDouble(), 0.01);
            assertEquals(left.report().summary().meanHoldS(), first.get("by_side").get("left").get("mean_hold_s").asDouble(), 0.01);
            assertFalse(first.get("by_side").has("right"));
            for (String f : List.of("knee_bend", "short_hold", "too_fast")) assertTrue(first.get("all").get("fault_counts").has(f), f);
            double rate = first.get("all").get("fault_rate").asDouble();
            assertTrue(rate >= 0 && rate <= 1, "fault rate " + rate);

            String today = LocalDate.now(ZoneOffset.UTC).toString();
            JsonNode range = tree(d.get("/api/trends?period=day&tz=UTC&from=" + today + "&to=" + today
                    + "&origins=live,import,replay").body());
            assertEquals(1, range.get("buckets").size(), "only today: the live session");
            assertEquals(0, range.get("buckets").get(0).get("all").get("rep_count").asInt());

            for (String bad : List.of("period=month", "from=2026-13-01", "from=yesterday", "origins=live,sofa", "origins=,",
                    "tz=Mars/Olympus", "from=2026-02-01&to=2026-01-01", "from=1900-01-01&to=2026-01-01")) {
                var r = d.get("/api/trends?" + bad);
                assertEquals(400, r.statusCode(), bad + ": " + r.body());
                assertTrue(tree(r.body()).has("error"), bad);
            }
        }
    }

    private static int sum(JsonNode trends, String side) {
        int n = 0;
        for (JsonNode b : trends.get("buckets")) {
            JsonNode t = side.equals("all") ? b.get("all") : b.get("by_side").get(side);
            if (t != null) n += t.get("rep_count").asInt();
        }
        return n;
    }

    @Test
    void withoutAStoreTheHistoryAnswers404() throws Exception {
        try (TestDashboard d = new TestDashboard(null, (SessionStore) null)) {
            for (String path : List.of("/api/sessions", "/api/sessions/1", "/api/sessions/1/report?format=json", "/api/trends")) {
                var r = d.get(path);
                assertEquals(404, r.statusCode(), path);
                assertTrue(tree(r.body()).get("error").asText().startsWith("sessions are not saved"), r.body());
            }
            assertEquals(404, d.send("DELETE", "/api/sessions/1", "").statusCode());
            assertEquals(404, d.send("PUT", "/api/sessions/1/notes", "{\"notes\":\"x\"}").statusCode());
            assertEquals(200, d.get("/api/state").statusCode(), "the live dashboard works without a store");
            JsonNode h = tree(d.get("/api/history").body());
            assertFalse(h.get("saved").asBoolean());
            assertTrue(h.get("reason").asText().startsWith("sessions are not saved"));
        }
    }

    @Test
    void tokenIsRequiredOnTheHistory() throws Exception {
        String token = "0123456789abcdef";
        try (TestDashboard d = new TestDashboard(token, store)) {
            assertEquals(401, d.get("/api/sessions").statusCode());
            assertEquals(401, d.get("/api/trends").statusCode());
            assertEquals(401, d.get("/api/sessions/" + left.id() + "/report?format=json").statusCode());
            assertEquals(401, d.send("PUT", "/api/sessions/" + left.id() + "/notes", "{\"notes\":\"x\"}").statusCode());
            assertEquals(401, d.send("DELETE", "/api/sessions/" + left.id(), "").statusCode());
            assertEquals(4, store.list().size(), "nothing deleted without the token");
            assertEquals(200, d.get("/api/sessions", "Authorization", "Bearer " + token).statusCode());
            // Export links carry the token in the query, as the page writes them.
            assertEquals(200, d.get("/api/sessions/" + left.id() + "/report?format=csv&token=" + token).statusCode());
            assertEquals(200, d.send("DELETE", "/api/sessions/" + left.id(), "", "Authorization", "Bearer " + token).statusCode());
        }
    }

    @Test
    void deleteAndNotesRefuseOtherOrigins() throws Exception {
        try (TestDashboard d = new TestDashboard(null, store)) {
            var r = d.send("DELETE", "/api/sessions/" + left.id(), "", "Origin", "http://evil.example");
            assertEquals(403, r.statusCode());
            assertEquals(403, d.send("PUT", "/api/sessions/" + left.id() + "/notes", "{\"notes\":\"x\"}", "Origin", "http://evil.example")
                    .statusCode());
            assertEquals("", store.get(left.id()).summary().notes());
            assertEquals(4, store.list().size(), "not deleted");
            var same = d.send("DELETE", "/api/sessions/" + left.id(), "", "Origin", "http://127.0.0.1:" + d.app.port());
            assertEquals(200, same.statusCode(), same.body());
        }
    }
}
