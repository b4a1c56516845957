package org.hiphike.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.Thresholds;
import org.hiphike.session.SessionInfo;
import org.hiphike.session.SessionStore;
import org.hiphike.source.SensorPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `hiphike dashboard --no-save`: this run's sessions are not saved, the history still lists those saved before. */
@Timeout(60)
class DashboardNoSaveTest {
    @TempDir
    Path dir;

    static DashboardLauncher.Running start(StringWriter text, String... args) throws Exception {
        DashboardCommand c = new DashboardCommand();
        new CommandLine(c).parseArgs(args);
        PrintWriter out = new PrintWriter(text);
        DashboardLauncher.Running r = DashboardLauncher.start(c.dashboard, c.prescription, SensorPorts.NONE, null, out);
        out.flush();
        return r;
    }

    static JsonNode get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Messages.mapper().readTree(r.body());
    }

    @Test
    void theHistoryStillShowsSavedSessionsAndThisRunSavesNone() throws Exception {
        Path data = dir.resolve("data");
        try (SessionStore store = SessionStore.open(data)) {
            store.importRecording(Path.of("samples/left-set_clean_100hz.csv"), new SessionInfo(java.time.Instant.parse("2026-11-30T09:00:00Z"),
                    "left-set_clean_100hz.csv", "bmi270", 100, "+X+Y+Z", Thresholds.DEFAULTS, "week 1"), PipelineSettings.DEFAULTS);
        }
        StringWriter text = new StringWriter();
        HttpClient http = HttpClient.newHttpClient();
        try (DashboardLauncher.Running r = start(text, "--samples", "samples", "--http-port", "0", "--no-browser", "--no-https", "--no-save", "--data-dir",
                data.toString(), "--config-dir", dir.resolve("config").toString())) {
            assertTrue(text.toString().contains("sessions are not saved (--no-save); the history shows those saved before, in "
                    + data.toAbsolutePath()), text.toString());
            String base = r.url().replaceAll("/(\\?.*)?$", "");
            JsonNode sessions = get(http, base + "/api/sessions");
            assertEquals(1, sessions.size(), sessions.toString());
            // A replay in this run: played, not saved.
            HttpResponse<String> play = http.send(HttpRequest.newBuilder(URI.create(base + "/api/source"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"sample\",\"id\":\"left-set_clean_100hz\",\"speed\":\"max\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, play.statusCode(), play.body());
            Thread.sleep(100);
            assertTrue(r.session().awaitEnd(Duration.ofSeconds(30)));
            assertTrue(r.session().report().reps().size() > 0, "the replay was analysed");
            assertEquals(-1, r.session().savedSessionId());
            assertEquals(1, get(http, base + "/api/sessions").size());
        }
        // No store is made for the history's sake.
        Path empty = dir.resolve("empty");
        text = new StringWriter();
        try (DashboardLauncher.Running r = start(text, "--samples", "samples", "--http-port", "0", "--no-browser", "--no-https", "--no-save", "--data-dir",
                empty.toString(), "--config-dir", dir.resolve("config").toString())) {
            assertTrue(text.toString().contains("sessions are not saved (--no-save)\n"), text.toString());
        }
        assertFalse(Files.exists(empty));
    }
}
