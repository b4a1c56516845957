package org.hiphike.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.hiphike.core.ImuSample;
import org.hiphike.core.Vec3;
import org.hiphike.recording.Recording;
import org.hiphike.sim.Misalignment;
import org.hiphike.sim.Scenario;
import org.hiphike.sim.Simulator;
import org.junit.jupiter.api.Test;

/**
 * The guided setup's stand-still check on simulated people (their sway, breathing and sensor noise) wearing the clip
 * straight, 15° off and 40° off about named axes, and on a sensor held upside down.
 */
class SetupCheckTest {
    /** A simulated clean set worn with {@code mount}: the check after its first seconds of standing. */
    static SetupCheck.Result afterStanding(Misalignment mount) {
        Scenario s = Scenario.preset("clean-set", 7, new Scenario.Options(null, 3, null, null, null, null)).withMount(mount);
        Recording r = Simulator.simulate(s).recording();
        SetupCheck check = new SetupCheck();
        SetupCheck.Result first = null;
        for (ImuSample sample : r.samples()) {
            SetupCheck.Result c = check.update(sample);
            if (c.measured()) {
                first = c;
                break;
            }
        }
        assertTrue(first != null, "measured while standing before the first rep");
        return first;
    }

    @Test
    void aStraightClipPasses() {
        SetupCheck.Result r = afterStanding(Misalignment.NONE);
        assertTrue(r.found() && r.still() && r.pass(), r.toString());
        assertTrue(r.offDeg() <= 8, "a person's own pelvic tilt, a few degrees: " + r);
        assertTrue(r.advice().startsWith("Sensor found, upright, clip about " + r.offDeg() + "° off"), r.advice());
    }

    @Test
    void aClipFifteenDegreesOffPassesAndSaysHowFar() {
        SetupCheck.Result r = afterStanding(new Misalignment(new Vec3(0, 0, 1), 15));
        assertTrue(r.pass(), r.toString());
        assertTrue(Math.abs(r.offDeg() - 15) <= 6, "about 15° off: " + r);
    }

    @Test
    void aClipFortyDegreesOffFailsAndSaysToStraightenIt() {
        SetupCheck.Result r = afterStanding(new Misalignment(new Vec3(0, 0, 1), 40));
        assertFalse(r.pass(), r.toString());
        assertTrue(r.upright(), r.toString());
        assertTrue(Math.abs(r.offDeg() - 40) <= 6, "about 40° off: " + r);
        assertTrue(r.advice().contains("straighten it"), r.advice());
        assertTrue(r.lean() != null && r.advice().contains("leaning " + r.lean()), r.advice());
        // Turned about the wearer's back-to-front axis: it leans left or right, not forward or back.
        assertTrue(r.lean().equals("left") || r.lean().equals("right"), r.lean());
    }

    @Test
    void leaningToTheRightIsNamedSo() {
        // The sensor's top turned toward the wearer's right by 20°: up has a -x part in the sensor frame.
        double a = Math.toRadians(20);
        SetupCheck check = new SetupCheck();
        SetupCheck.Result r = null;
        for (int i = 0; i < 300; i++) {
            r = check.update(new ImuSample(i * 0.01, new Vec3(-Math.sin(a), Math.cos(a), 0), new Vec3(0, 0, 0)));
        }
        assertEquals("right", r.lean(), r.toString());
        assertEquals(20, r.offDeg());
    }

    @Test
    void upsideDownFailsAndMovingIsNotMeasured() {
        SetupCheck check = new SetupCheck();
        assertFalse(SetupCheck.waiting().found());
        SetupCheck.Result r = null;
        // Walking-like motion: the rotation rate never settles, nothing is measured.
        for (int i = 0; i < 300; i++) {
            double t = i * 0.01;
            r = check.update(new ImuSample(t, new Vec3(0, 1 + 0.2 * Math.sin(12 * t), 0), new Vec3(30 * Math.sin(6 * t), 0, 0)));
        }
        assertTrue(r.found() && !r.still() && !r.measured() && !r.pass(), r.toString());
        assertNull(r.offDeg());
        assertTrue(r.advice().contains("Stand still"), r.advice());
        for (int i = 300; i < 600; i++) r = check.update(new ImuSample(i * 0.01, new Vec3(0, -1, 0), new Vec3(0, 0, 0)));
        assertFalse(r.pass(), r.toString());
        assertFalse(r.upright(), r.toString());
        assertTrue(r.advice().contains("upside down"), r.advice());
    }

    @Test
    void theLiveSessionSendsTheCheckToItsClients() throws Exception {
        try (LiveSession session = new LiveSession(PrescriptionStore.inMemory(Prescription.DEFAULTS))) {
            List<String> got = new ArrayList<>();
            session.addClient(new LiveSession.Client() {
                public boolean isOpen() { return true; }

                public synchronized void send(String json) { got.add(json); }
            });
            for (int i = 0; i < 300; i++) session.offer(new ImuSample(i * 0.01, new Vec3(0, 1, 0), new Vec3(0, 0, 0)));
            synchronized (session) {
                assertTrue(session.setupCheck().pass(), session.setupCheck().toString());
            }
            List<String> setups = got.stream().filter(j -> j.startsWith("{\"type\":\"setup\"")).toList();
            assertTrue(setups.get(0).contains("\"found\":false"), setups.get(0));
            assertTrue(setups.get(setups.size() - 1).contains("\"pass\":true"), setups.toString());
            assertTrue(setups.size() <= 1 + 3 / SetupCheck.STILL_FOR_S + 3 / 0.25, "sent when it changes, not every sample: " + setups.size());
        }
    }
}
