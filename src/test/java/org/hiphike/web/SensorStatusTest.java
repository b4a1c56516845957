package org.hiphike.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A serial sensor's status through the server: a hiphike sensor on a pseudo-terminal, chosen from the
 * source menu, streams with its battery charge, falls silent, is unplugged and plugged in again; every
 * change reaches the WebSocket as a {@code source} message and the reps counted so far stay.
 */
@Timeout(120)
class SensorStatusTest {
    static final Path RECORDING = TestDashboard.SAMPLES.resolve("left-set_knee-bend_100hz.csv");
    static final double SPEED = 6;

    @TempDir
    Path dir;

    static JsonNode tree(String json) throws Exception { return Messages.mapper().readTree(json); }

    static int repIndex(JsonNode m) { return "rep".equals(m.path("type").asText()) ? m.get("rep").get("index").asInt() : 0; }

    @Test
    void streamingWithBatterySilentLostAndBackReachTheClient() throws Exception {
        try (PtySensorRig sensor = new PtySensorRig(dir, RECORDING, SPEED, 73);
             TestDashboard d = new TestDashboard(sensor);
             LiveClient client = new LiveClient(d.ws(null), null)) {
            client.await(LiveClient.type("hello"), 5, "hello");
            JsonNode sensors = tree(d.get("/api/sources").body()).get("sensors");
            assertEquals(1, sensors.size(), sensors.toString());
            assertEquals(sensor.pty.path(), sensors.get(0).get("id").asText());
            assertEquals(PtySensorRig.DESCRIPTION, sensors.get(0).get("name").asText());

            var started = d.send("POST", "/api/source", "{\"kind\":\"sensor\",\"id\":\"" + sensor.pty.path() + "\"}");
            assertEquals(200, started.statusCode(), started.body());
            sensor.play();

            JsonNode streaming = client.await(LiveClient.source("streaming"), 10, "streaming").get("source");
            assertEquals("sensor", streaming.get("kind").asText());
            assertEquals(sensor.pty.path(), streaming.get("id").asText());
            assertTrue(streaming.get("detail").asText().contains("hiphike"), streaming.toString());
            client.await(m -> "source".equals(m.path("type").asText()) && m.get("source").path("battery_percent").asInt() == 73, 10,
                    "the battery charge of the sensor's STATUS");
            client.await(m -> repIndex(m) >= 3, 40, "3 reps");

            // Silent: nothing for 2 s.
            int mark = client.messages.size();
            sensor.fallSilent();
            JsonNode silent = client.awaitAfter(mark, LiveClient.source("silent"), 8, "silent").get("source");
            assertTrue(silent.get("detail").asText().contains("no data"), silent.toString());
            assertEquals(73, silent.get("battery_percent").asInt(), "the battery stays known");
            mark = client.messages.size();
            sensor.resume();
            client.awaitAfter(mark, LiveClient.source("streaming"), 5, "streaming again after silence");

            // Lost: the cable pulled. The reps so far stay.
            mark = client.messages.size();
            sensor.unplug();
            JsonNode lost = client.awaitAfter(mark, LiveClient.source("lost"), 5, "lost").get("source");
            assertTrue(lost.get("detail").asText().contains("went away"), lost.toString());
            List<JsonNode> repsAtLost = client.messages.stream().filter(LiveClient.type("rep")).map(m -> m.get("rep")).toList();
            JsonNode state = tree(d.get("/api/state").body()).get("state");
            assertEquals("lost", state.get("source").get("state").asText());
            assertEquals(repsAtLost.size(), state.get("rep_count").asInt(), "the reps counted so far stay");
            JsonNode report = tree(d.get("/api/report").body());
            assertEquals(Messages.mapper().valueToTree(repsAtLost), report.get("reps"));

            // Back: the same path again, streaming, and the reps go on from where they were.
            mark = client.messages.size();
            sensor.plug();
            client.awaitAfter(mark, LiveClient.source("streaming"), 5, "streaming after the sensor came back");
            client.awaitAfter(mark, m -> repIndex(m) == repsAtLost.size() + 1, 40, "a rep after the sensor came back");
            JsonNode after = tree(d.get("/api/report").body()).get("reps");
            for (int i = 0; i < repsAtLost.size(); i++) assertEquals(repsAtLost.get(i), after.get(i), "rep " + (i + 1) + " kept");
        }
    }
}
