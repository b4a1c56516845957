package org.hiphike.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hiphike.core.AxisRemap;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.Phase;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.exercise.PipelineState;
import org.hiphike.exercise.Rep;
import org.hiphike.exercise.Report;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.Recording;
import org.hiphike.source.Pace;
import org.hiphike.source.PacedSource;
import org.hiphike.source.RecordingSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The live phases a patient follows match the report: a recording replayed at speed 1 through the live session,
 * as the dashboard plays it. HOLD begins when the drop stops deepening, the live hold timer counts the hold as
 * the report's {@code hold_s} does, and "up" is never spoken before the prescribed hold has passed since the
 * pelvis reached the bottom.
 */
@Timeout(120)
class LiveTimingTest {
    static final Path SAMPLE = Path.of("samples/left-set_clean_100hz.csv");
    /** The first three reps of the sample, at speed 1: this much of it is played. */
    static final double PLAYED_S = 34.5;

    /** One excursion as the live session showed it. */
    static final class Excursion {
        double holdStartS = Double.NaN, lastHoldS;
        /** Where the bottom was, as known at each time of the hold: a pause in a slow drop is a bottom until the drop goes on. */
        final java.util.TreeMap<Double, Double> bottomKnownAt = new java.util.TreeMap<>();
        double deepestDeg;
    }

    @Test
    void liveHoldMatchesTheReportAndUpComesAfterThePrescribedHold() throws Exception {
        Recording full = new CsvRecordingReader().read(SAMPLE);
        List<ImuSample> head = full.samples().stream().filter(s -> s.timeS() <= PLAYED_S).toList();
        Recording recording = new Recording(full.source(), full.metadata(), head);
        Report report = Analysis.analyze(recording);
        assertTrue(report.reps().size() >= 3, "the first " + PLAYED_S + " s hold at least three reps: " + report.reps());

        Prescription prescription = Prescription.DEFAULTS;
        List<Excursion> excursions = new ArrayList<>();
        List<JsonNode> cues = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (LiveSession live = new LiveSession(PrescriptionStore.inMemory(prescription), AxisRemap.IDENTITY,
                PipelineSettings.DEFAULTS, null, null)) {
            live.addListener(new LiveSession.Listener() {
                Excursion current;

                @Override
                public void sample(ImuSample raw, PipelineState s) {
                    boolean away = s.phase() == Phase.LOWERING || s.phase() == Phase.HOLD || s.phase() == Phase.RAISING;
                    if (!away) {
                        current = null;
                        return;
                    }
                    if (current == null) {
                        current = new Excursion();
                        excursions.add(current);
                    }
                    current.deepestDeg = Math.max(current.deepestDeg, s.dropDeg());
                    if (s.phase() == Phase.HOLD) {
                        if (Double.isNaN(current.holdStartS)) current.holdStartS = s.timeS();
                        current.lastHoldS = Math.max(current.lastHoldS, s.holdS());
                        double bottom = s.timeS() - s.sinceBottomS();
                        current.bottomKnownAt.put(s.timeS(), bottom);
                    }
                }
            });
            live.addClient(new LiveSession.Client() {
                @Override
                public boolean isOpen() { return true; }

                @Override
                public void send(String message) {
                    try {
                        JsonNode n = json.readTree(message);
                        if ("cue".equals(n.path("type").asText())) {
                            synchronized (cues) {
                                cues.add(n);
                            }
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            long t0 = System.nanoTime();
            live.start(new PacedSource(new RecordingSource(recording, "timing.csv"), new Pace(1)), "sample", "timing");
            assertTrue(live.awaitEnd(Duration.ofSeconds(90)), "the replay ends");
            double wallS = (System.nanoTime() - t0) / 1e9;
            assertTrue(wallS >= 0.9 * recording.durationS(), "played at speed 1: " + wallS + " s of wall time for "
                    + recording.durationS() + " s of recording");

            List<Rep> reps = live.reps();
            assertEquals(report.reps().size(), reps.size(), "the live count equals analyze's");
            for (Rep rep : report.reps()) {
                Excursion e = excursionOf(excursions, rep);
                String what = "rep " + rep.index() + " (hold_s " + rep.holdS() + ")";
                assertFalse(Double.isNaN(e.holdStartS), what + ": the page showed HOLD");
                assertEquals(rep.holdS(), e.lastHoldS, 0.15, what + ": the live hold timer");
                // HOLD is shown once the drop stopped deepening: within the hold band of the peak, not on the way down.
                // Live, the final peak is not known yet: a pelvis still creeping down by less than the deepening
                // step per settle time can move the report's band entry up to one settle time later.
                double holdBandEntryS = rep.startS() + rep.lowerS();
                double creepS = org.hiphike.exercise.RepDetector.Settings.DEFAULTS.settleS();
                assertTrue(e.holdStartS >= holdBandEntryS - creepS, what + ": HOLD shown at " + e.holdStartS
                        + " s, before the drop reached the hold band at " + holdBandEntryS + " s");
                List<JsonNode> repCues = cuesBetween(cues, rep.startS(), rep.endS());
                if (rep.holdS() >= prescription.holdTargetS() + 1.0) {
                    assertTrue(repCues.stream().anyMatch(c -> c.path("key").asText().equals("up")),
                            what + ": held longer than prescribed, so \"up\" is spoken: " + repCues);
                }
                for (JsonNode cue : repCues) {
                    String key = cue.path("key").asText(); // times are written to the millisecond
                    double t = cue.path("time_s").asDouble();
                    if (key.equals("up")) {
                        var known = e.bottomKnownAt.floorEntry(t + 1e-3);
                        assertTrue(known != null, what + ": \"up\" at " + t + " s, before any HOLD");
                        double bottom = known.getValue();
                        assertTrue(t - bottom >= prescription.holdTargetS() - 1e-3, what + ": \"up\" at " + t
                                + " s, " + (t - bottom) + " s after the bottom was reached at " + bottom
                                + " s; the prescribed hold is " + prescription.holdTargetS() + " s");
                    }
                    if (key.equals("hold")) {
                        assertTrue(t >= e.holdStartS - 1e-3, what + ": \"hold\" spoken at " + t + " s, before HOLD at " + e.holdStartS);
                    }
                }
            }
        }
    }

    /** The live excursion that contains the rep's bottom. */
    private static Excursion excursionOf(List<Excursion> excursions, Rep rep) {
        Excursion best = null;
        for (Excursion e : excursions) {
            if (!Double.isNaN(e.holdStartS) && e.holdStartS <= rep.bottomS() + 0.5 && e.holdStartS >= rep.startS()) {
                if (best == null || Math.abs(e.deepestDeg - rep.peakDropDeg()) < Math.abs(best.deepestDeg - rep.peakDropDeg())) best = e;
            }
        }
        if (best == null) throw new AssertionError("no live hold for rep " + rep);
        return best;
    }

    private static List<JsonNode> cuesBetween(List<JsonNode> cues, double fromS, double toS) {
        synchronized (cues) {
            return cues.stream().filter(c -> c.path("time_s").asDouble() >= fromS && c.path("time_s").asDouble() <= toS).toList();
        }
    }
}
