package org.hiphike.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProtocolDetectorTest {

    private static Map<Protocol, byte[]> streams() {
        return Map.of(
                Protocol.HIPHIKE, Streams.hiphikeStream(Streams.samples(200, 100, 1, false), 1, 0, 100),
                Protocol.WITMOTION_SERIAL, Streams.witSerialStream(Streams.witSamples(200, 100, 2)),
                Protocol.WITMOTION_BLE, Streams.witBleStream(Streams.witSamples(200, 100, 3)),
                Protocol.XIMU3_ASCII, Streams.ximu3AsciiStream(Streams.fourDecimalSamples(200, 100, 4), 1_000_000, 100),
                Protocol.XIMU3_BINARY, Streams.ximu3BinaryStream(Streams.samples(200, 100, 5, false), 1_000_000, 100),
                Protocol.CSV_LINES, Streams.csvLinesStream(Streams.fourDecimalSamples(200, 100, 6), 0, 100));
    }

    @Test
    void recognisesEveryProtocolFromItsFirstBytesEvenMidFrame() {
        for (Map.Entry<Protocol, byte[]> e : streams().entrySet()) {
            for (int start : new int[] {0, 1, 7, 13}) {
                byte[] head = Arrays.copyOfRange(e.getValue(), start, start + ProtocolDetector.DEFAULT_HEAD_BYTES);
                ProtocolDetector.Detection d = ProtocolDetector.detect(head, DecoderOptions.DEFAULT);
                assertEquals(ProtocolDetector.Verdict.DETECTED, d.verdict(), e.getKey() + " from " + start + ": " + d.describeScores());
                assertEquals(e.getKey(), d.protocol().orElseThrow(), d.describeScores());
            }
        }
    }

    @Test
    void randomBytesAndProseAreUnknown() {
        byte[] random = new byte[2048];
        new Random(7).nextBytes(random);
        assertEquals(ProtocolDetector.Verdict.UNKNOWN, ProtocolDetector.detect(random, DecoderOptions.DEFAULT).verdict());
        byte[] prose = "The pelvis drops slowly on the hanging side, holds, and rises again.\n".repeat(30)
                .getBytes(StandardCharsets.US_ASCII);
        assertEquals(ProtocolDetector.Verdict.UNKNOWN, ProtocolDetector.detect(prose, DecoderOptions.DEFAULT).verdict());
        assertEquals(ProtocolDetector.Verdict.UNKNOWN, ProtocolDetector.detect(new byte[2048], DecoderOptions.DEFAULT).verdict());
    }

    @Test
    void twoProtocolsInterleavedAreAmbiguous() {
        byte[] a = Streams.witSerialStream(Streams.witSamples(20, 100, 8));
        byte[] b = Streams.witBleStream(Streams.witSamples(44, 100, 9));
        byte[] mixed = new byte[a.length + b.length];
        // alternate blocks of 440 bytes of each
        int ia = 0, ib = 0, w = 0;
        while (ia < a.length || ib < b.length) {
            int n = Math.min(440, a.length - ia);
            System.arraycopy(a, ia, mixed, w, n); ia += n; w += n;
            n = Math.min(440, b.length - ib);
            System.arraycopy(b, ib, mixed, w, n); ib += n; w += n;
        }
        ProtocolDetector.Detection d = ProtocolDetector.detect(mixed, DecoderOptions.DEFAULT);
        assertEquals(ProtocolDetector.Verdict.AMBIGUOUS, d.verdict(), d.describeScores());
    }
}
