package org.hiphike.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.hiphike.exercise.Analysis;
import org.hiphike.exercise.Report;
import org.hiphike.recording.CsvRecordingReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A WebSocket client that never reads must not hold the server's memory: its waiting messages are bounded, it is
 * dropped with a reason, and the session, and every client that reads, goes on.
 */
@Timeout(120)
class WsQueueTest {
    /** Opens /ws/live over a plain socket with a tiny receive buffer, reads the handshake's answer, and then never reads. */
    private static Socket stalledClient(int port) throws Exception {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
        s.getOutputStream().write(("GET /ws/live HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new AssertionError("closed during the handshake: " + head);
            head.append((char) b);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
        return s;
    }

    @Test
    void aClientThatNeverReadsIsDroppedAndTheSessionGoesOn() throws Exception {
        String id = "session_long_24min_100hz";
        try (TestDashboard d = TestDashboard.withWsQueue(256 * 1024);
             Socket stalled = stalledClient(d.app.port());
             LiveClient reader = new LiveClient(d.ws(null), null)) {
            reader.await(LiveClient.type("hello"), 5, "hello");
            var started = d.send("POST", "/api/source", "{\"kind\":\"sample\",\"id\":\"" + id + "\",\"speed\":\"max\"}");
            assertEquals(200, started.statusCode(), started.body());
            reader.await(LiveClient.sourceEnded(), 90, "end of the replay");

            // The reader got every rep of the recording.
            Report expected = Analysis.analyze(new CsvRecordingReader().read(TestDashboard.SAMPLES.resolve(id + ".csv")));
            long reps = reader.messages.stream().filter(LiveClient.type("rep")).count();
            assertEquals(expected.reps().size(), reps, "reps the reading client got");

            // The stalled client was cut off: reading what reached it ends, within the grace, in the end of the stream.
            stalled.setSoTimeout((int) (1000 * (BoundedWsClient.CLOSE_GRACE_S + 10)));
            InputStream in = stalled.getInputStream();
            byte[] buf = new byte[1 << 16];
            long got = 0;
            try {
                for (int n; (n = in.read(buf)) >= 0; ) got += n;
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the client that never read is still connected after " + got + " bytes");
            } catch (java.net.SocketException e) {
                // reset by the server: cut off too
            }
            System.out.printf("stalled client: %d bytes reached it before it was cut off%n", got);
        }
    }
}
