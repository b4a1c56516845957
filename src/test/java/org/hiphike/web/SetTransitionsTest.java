package org.hiphike.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.Report;
import org.hiphike.sim.SimulatedRecording;
import org.hiphike.source.Pace;
import org.hiphike.source.PacedSource;
import org.hiphike.source.RecordingSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A two-set session replayed through the live session: what the page is told between sets (the end of a set
 * with what follows it, its cue, the rest on the sensor's clock, the end of the rest, all sets done) and when
 * the replay ends.
 */
@Timeout(60)
class SetTransitionsTest {
    static final SimulatedRecording SIM = TwoSets.simulate();

    /** A client that keeps every message. */
    static final class Recorder implements LiveSession.Client {
        final List<JsonNode> messages = new CopyOnWriteArrayList<>();

        @Override public boolean isOpen() { return true; }

        @Override public void send(String json) {
            try {
                messages.add(Messages.mapper().readTree(json));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        List<JsonNode> of(String type) { return messages.stream().filter(m -> type.equals(m.path("type").asText())).toList(); }

        List<JsonNode> cues(String key) { return of("cue").stream().filter(m -> key.equals(m.path("key").asText())).toList(); }

        int indexOf(JsonNode m) {
            for (int i = 0; i < messages.size(); i++) if (messages.get(i) == m) return i;
            return -1;
        }
    }

    Recorder replay(Prescription p) throws Exception {
        Report analyzed = Analysis.analyze(SIM.recording());
        assertEquals(2 * TwoSets.REPS, analyzed.reps().size(), "analyze finds both sets' reps");
        Recorder rec = new Recorder();
        try (LiveSession live = new LiveSession(PrescriptionStore.inMemory(p))) {
            live.addClient(rec);
            live.start(new PacedSource(new RecordingSource(SIM.recording(), "two-sets.csv"), new Pace(0)), "upload", "u1");
            assertTrue(live.awaitEnd(Duration.ofSeconds(40)), "the replay ends");
            assertNull(live.state().afterSet() == null ? null : live.state().afterSet().restUntilS(),
                    "after the last set nothing is counted down");
        }
        return rec;
    }

    @Test
    void bothSidesOneSetEach_switchSidesRestThenAllSetsDone() throws Exception {
        Prescription p = Prescription.DEFAULTS.withRest(30.0, "both");
        p = new Prescription(TwoSets.REPS, 1, p.holdTargetS(), p.targetDepthDeg(), p.thresholds(), 30.0, "both");
        Recorder rec = replay(p);

        List<JsonNode> ended = rec.of("set_ended");
        assertEquals(2, ended.size(), rec.messages.toString());
        JsonNode first = ended.get(0), second = ended.get(1);
        assertEquals("target_reached", first.path("reason").asText());
        JsonNode a1 = first.path("after");
        assertEquals(1, a1.path("set").asInt());
        assertEquals("left", a1.path("side").asText());
        assertFalse(a1.path("all_sets_done").asBoolean());
        assertTrue(a1.path("switch_sides").asBoolean());
        assertEquals("right", a1.path("next_side").asText());
        assertEquals(2, a1.path("next_set").asInt());
        assertEquals(30.0, a1.path("rest_s").asDouble());
        assertEquals(first.path("set").path("end_s").asDouble() + 30, a1.path("rest_until_s").asDouble(), 1e-9);
        assertTrue(second.path("after").path("all_sets_done").asBoolean(), second.toString());
        assertTrue(second.path("after").path("rest_s").isMissingNode(), "no rest after the last set");

        List<JsonNode> done = rec.cues("set_done");
        assertEquals(List.of("Set 1 done: 5 reps. Switch sides: right side next. Rest 30 seconds.", "Set 2 done: 5 reps. All sets done."),
                done.stream().map(c -> c.path("text").asText()).toList());
        assertTrue(rec.indexOf(done.get(0)) > rec.indexOf(first), "the cue follows the set's end");

        // The rest (30 s) is shorter than the recording's 40 s between the sets: it runs out before set 2.
        List<JsonNode> restOver = rec.cues("rest_over");
        assertEquals(1, restOver.size(), rec.of("cue").toString());
        assertEquals("Rest over: set 2, right side", restOver.get(0).path("text").asText());
        assertTrue(restOver.get(0).path("time_s").asDouble() >= a1.path("rest_until_s").asDouble());
        JsonNode started2 = rec.of("set_started").get(1);
        assertTrue(rec.indexOf(restOver.get(0)) < rec.indexOf(started2));

        // The state carries the rest between the sets and drops it when set 2 starts.
        boolean restInState = false;
        for (int i = rec.indexOf(first); i < rec.indexOf(started2); i++) {
            JsonNode m = rec.messages.get(i);
            if ("samples".equals(m.path("type").asText()) && m.path("state").path("after_set").path("set").asInt() == 1) restInState = true;
        }
        assertTrue(restInState, "samples between the sets carry after_set");
        JsonNode firstOfSet2 = rec.messages.subList(rec.indexOf(started2), rec.messages.size()).stream()
                .filter(m -> "samples".equals(m.path("type").asText())).findFirst().orElseThrow();
        assertTrue(firstOfSet2.path("state").path("after_set").isMissingNode(), firstOfSet2.toString());

        // The replay's end is said, last.
        List<JsonNode> end = rec.cues("ended");
        assertEquals(1, end.size());
        assertEquals("Replay ended", end.get(0).path("text").asText());
        assertTrue(rec.indexOf(end.get(0)) > rec.indexOf(done.get(1)));
    }

    @Test
    void noSidesPrescribed_defaultRestAndExtraSetBeyondThePrescription() throws Exception {
        Prescription p = new Prescription(TwoSets.REPS, 1, 2.0, 8.0, Prescription.DEFAULTS.thresholds());
        Recorder rec = replay(p);
        List<JsonNode> done = rec.cues("set_done");
        assertEquals(List.of("Set 1 done: 5 reps. All sets done.", "Set 2 done: 5 reps, an extra set. All sets done."),
                done.stream().map(c -> c.path("text").asText()).toList());
        assertTrue(rec.cues("rest_over").isEmpty(), "no rest once all sets are done");

        Prescription three = new Prescription(TwoSets.REPS, 3, 2.0, 8.0, Prescription.DEFAULTS.thresholds());
        Recorder rec3 = replay(three);
        JsonNode a1 = rec3.of("set_ended").get(0).path("after");
        assertEquals(Prescription.DEFAULT_REST_S, a1.path("rest_s").asDouble(), "the default rest");
        assertFalse(a1.path("switch_sides").asBoolean(), "no sides prescribed: no switch");
        assertTrue(a1.path("next_side").isMissingNode());
        assertEquals("Set 1 done: 5 reps. Rest 1 minute.", rec3.cues("set_done").get(0).path("text").asText());
        // 60 s of rest outlast the recording's 40 s: set 2 starts before it is over.
        assertTrue(rec3.cues("rest_over").isEmpty());
        assertNotNull(rec3.of("set_started").get(1));
    }
}
