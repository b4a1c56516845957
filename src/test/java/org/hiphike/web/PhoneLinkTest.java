package org.hiphike.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.hiphike.source.PhoneSource;
import org.hiphike.source.SensorPorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The phone's WebSocket: every message bounded in size, samples, values and rate; the token and origin checked. */
@Timeout(60)
class PhoneLinkTest {
    private final PrescriptionStore store = PrescriptionStore.inMemory(Prescription.DEFAULTS);
    private final LiveSession session = new LiveSession(store);
    private final PhoneLink link = new PhoneLink(session);
    private static final double T0 = 1_764_000_000_000.0;

    @AfterEach
    void close() { session.close(); }

    /** A samples message of {@code n} samples at 100 Hz from {@code fromMs}. */
    static String samples(int n, double fromMs) {
        StringBuilder b = new StringBuilder("{\"type\":\"samples\",\"s\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) b.append(',');
            b.append('[').append(fromMs + 10 * i).append(",0.1,9.8,-0.2,0.5,-0.3,0.1]");
        }
        return b.append("]}").toString();
    }

    @Test
    void goodSamplesMakeThePhoneTheSourceAndReachThePipeline() throws Exception {
        PhoneLink.Connection c = link.open(0);
        assertFalse(c.message("{\"type\":\"hello\",\"device\":\"Pixel <8>\",\"mount\":\"screen-in\"}", 0).closes());
        PhoneLink.Outcome o = c.message(samples(50, T0), 1);
        assertFalse(o.closes(), o.reason());
        assertEquals(50, o.queued());
        assertTrue(session.currentSource() instanceof PhoneSource);
        assertEquals("phone", session.sourceKind());
        long end = System.nanoTime() + 5_000_000_000L;
        while (session.state().timeS() < 0.49 && System.nanoTime() < end) Thread.sleep(10);
        assertEquals(0.49, session.state().timeS(), 1e-6, "the 50th sample, 0.49 s after the first, went through the pipeline");
        assertEquals("Pixel 8", ((PhoneSource) session.currentSource()).metadata().get("device_id"));
        assertEquals("screen-in", ((PhoneSource) session.currentSource()).metadata().get("phone_mount"));

        // A second connection (the page reloaded) continues the same source.
        PhoneSource first = (PhoneSource) session.currentSource();
        PhoneLink.Connection again = link.open(2);
        assertFalse(again.message(samples(10, T0 + 1000), 3).closes());
        assertTrue(session.currentSource() == first, "the same session goes on");
        // Another source chosen on the dashboard, then the phone again: a new phone source.
        session.stop();
        PhoneLink.Connection third = link.open(4);
        assertFalse(third.message(samples(10, T0 + 2000), 5).closes());
        assertTrue(session.currentSource() instanceof PhoneSource p && p != first);
    }

    @Test
    void anotherSourceChosenOnTheDashboardIsNotTakenOverByAStreamingPhoneUntilThePhoneIsChosenAgain() throws Exception {
        PhoneLink.Connection c = link.open(0);
        assertFalse(c.message(samples(10, T0), 0).closes());
        PhoneSource first = (PhoneSource) session.currentSource();
        org.hiphike.source.SampleSource simulated = new org.hiphike.source.PacedSource(
                org.hiphike.source.SimulatedSensorSource.cleanSets(1, 3), new org.hiphike.source.Pace(1));
        session.start(simulated, "simulated", null);
        assertFalse(c.message(samples(10, T0 + 100), 100_000_000L).closes());
        assertTrue(session.currentSource() == simulated, "the phone that streams on does not take over");
        assertTrue(c.status(200_000_000L).contains("\"playing\":false"), "the page is told");

        // Chosen on the dashboard (POST /api/source {"kind":"phone"}): the session waits, and the same phone's samples go to it.
        link.waitForPhone();
        PhoneSource waiting = (PhoneSource) session.currentSource();
        assertTrue(waiting != first);
        assertEquals("connecting", session.state().source().state());
        assertEquals(10, c.message(samples(10, T0 + 200), 300_000_000L).queued());
        assertEquals(10, waiting.received());
        assertTrue(c.status(600_000_000L).contains("\"playing\":true"));
    }

    @Test
    void aMessageTooLongWithTooManySamplesOrBadValuesClosesTheConnectionAndNothingOfItIsUsed() {
        assertEquals(PhoneLink.TOO_BIG, link.open(0).message("x".repeat(PhoneLink.MAX_MESSAGE_CHARS + 1), 0).closeCode());
        PhoneLink.Outcome many = link.open(0).message(samples(PhoneLink.MAX_SAMPLES_PER_MESSAGE + 1, T0), 0);
        assertEquals(PhoneLink.POLICY_VIOLATION, many.closeCode());
        assertTrue(many.reason().contains("251 samples"), many.reason());
        for (String bad : List.of("not json", "[1,2]", "{\"type\":\"dance\"}", "{\"type\":\"samples\",\"s\":{}}",
                "{\"type\":\"samples\",\"s\":[[1,2,3]]}", "{\"type\":\"samples\",\"s\":[[1764000000000,0,9.8,0,0,0,\"x\"]]}",
                "{\"type\":\"samples\",\"s\":[[1764000000000,0,9.8,0,0,0,0],[1764000000010,0,300,0,0,0,0]]}",
                "{\"type\":\"samples\",\"s\":[[-5,0,9.8,0,0,0,0]]}", "{\"type\":\"hello\",\"mount\":\"upside-down\"}")) {
            PhoneLink.Outcome o = link.open(0).message(bad, 0);
            assertEquals(PhoneLink.POLICY_VIOLATION, o.closeCode(), bad);
        }
        assertFalse(session.currentSource() instanceof PhoneSource, "no message past a bound started the phone");
    }

    @Test
    void theSampleAndMessageRatesAreBounded() {
        PhoneLink.Connection c = link.open(0);
        // A burst of 1000 samples at once is taken (a network pause), the next is not.
        for (int i = 0; i < 4; i++) assertFalse(c.message(samples(250, T0 + 2500 * i), 0).closes());
        PhoneLink.Outcome o = c.message(samples(1, T0 + 10_000), 0);
        assertEquals(PhoneLink.POLICY_VIOLATION, o.closeCode());
        assertTrue(o.reason().contains("samples a second"), o.reason());

        // 500 a second sustained: 50 every 100 ms for 10 s is taken.
        PhoneLink.Connection steady = link.open(0);
        for (int i = 0; i < 100; i++) {
            PhoneLink.Outcome r = steady.message(samples(50, T0 + 500L * i), i * 100_000_000L);
            assertFalse(r.closes(), "message " + i + ": " + r.reason());
        }

        PhoneLink.Connection chatty = link.open(0);
        for (int i = 0; i < 80; i++) assertFalse(chatty.message(samples(0, T0), 0).closes());
        PhoneLink.Outcome m = chatty.message(samples(0, T0), 0);
        assertTrue(m.closes() && m.reason().contains("messages a second"), m.reason());
    }

    /** A WebSocket client that keeps what it hears and how it closed. */
    static final class PhoneClient implements WebSocket.Listener {
        final List<String> texts = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            texts.add(data.toString());
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closed.complete(code);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) { closed.completeExceptionally(error); }
    }

    @Test
    void overTheServerTheTokenAndOriginAreCheckedAndAnOversizedMessageCloses() throws Exception {
        String token = DashboardSecurity.newToken();
        Javalin app = DashboardServer.create(new DashboardServer.Dependencies(session, new SourceCatalog(null, SensorPorts.NONE, 1), store,
                new DashboardSecurity(token))).start("127.0.0.1", 0);
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI noToken = URI.create("ws://127.0.0.1:" + app.port() + "/ws/phone");
            URI withToken = URI.create("ws://127.0.0.1:" + app.port() + "/ws/phone?token=" + token);
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> http.newWebSocketBuilder().buildAsync(noToken, new PhoneClient()).get(5, TimeUnit.SECONDS));
            assertEquals(401, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
            ExecutionException cross = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> http.newWebSocketBuilder().header("Origin", "https://evil.example").buildAsync(withToken, new PhoneClient())
                            .get(5, TimeUnit.SECONDS));
            assertEquals(403, ((WebSocketHandshakeException) cross.getCause()).getResponse().statusCode());

            PhoneClient ok = new PhoneClient();
            WebSocket ws = http.newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + app.port()).buildAsync(withToken, ok)
                    .get(5, TimeUnit.SECONDS);
            ws.sendText("{\"type\":\"hello\",\"device\":\"test phone\"}", true).get(5, TimeUnit.SECONDS);
            ws.sendText(samples(20, T0), true).get(5, TimeUnit.SECONDS);
            long end = System.nanoTime() + 5_000_000_000L;
            while (ok.texts.isEmpty() && System.nanoTime() < end) Thread.sleep(10);
            assertTrue(ok.texts.get(0).contains("\"type\":\"status\"") && ok.texts.get(0).contains("\"received\":20"), ok.texts.toString());
            assertTrue(session.currentSource() instanceof PhoneSource);
            // Longer than the bound: Jetty's own limit or ours closes it with 1009 (message too big).
            ws.sendText("{\"type\":\"samples\",\"s\":[" + "0,".repeat(PhoneLink.MAX_MESSAGE_CHARS / 2) + "0]}", true);
            assertEquals(PhoneLink.TOO_BIG, ok.closed.get(5, TimeUnit.SECONDS));
            // The phone is gone: the session waits for it.
            end = System.nanoTime() + 5_000_000_000L;
            while (!"lost".equals(session.state().source().state()) && System.nanoTime() < end) Thread.sleep(10);
            assertEquals("lost", session.state().source().state());
            HttpClient plain = HttpClient.newHttpClient();
            var chosen = plain.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/source"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"kind\":\"phone\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, chosen.statusCode(), chosen.body());
            assertTrue(chosen.body().contains("\"kind\":\"phone\"") && chosen.body().contains("\"state\":\"connecting\""), chosen.body());


            PhoneClient refused = new PhoneClient();
            WebSocket ws2 = http.newWebSocketBuilder().buildAsync(withToken, refused).get(5, TimeUnit.SECONDS);
            ws2.sendText(samples(PhoneLink.MAX_SAMPLES_PER_MESSAGE + 1, T0 + 5000), true);
            assertEquals(PhoneLink.POLICY_VIOLATION, refused.closed.get(5, TimeUnit.SECONDS));
            assertTrue(refused.texts.stream().anyMatch(t -> t.contains("more than " + PhoneLink.MAX_SAMPLES_PER_MESSAGE)), refused.texts.toString());
        } finally {
            app.stop();
        }
    }
}
