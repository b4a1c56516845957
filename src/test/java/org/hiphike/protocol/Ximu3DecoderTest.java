package org.hiphike.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.hiphike.core.ImuSample;
import org.junit.jupiter.api.Test;

class Ximu3DecoderTest {

    @Test
    void userManualInertialExamples() {
        // the x-IMU3 user manual's examples: timestamp 1 s, accelerometer z = 1 g, everything else 0
        byte[] ascii = "I,1000000,0.0000,0.0000,0.0000,0.0000,0.0000,1.0000\n".getBytes(StandardCharsets.US_ASCII);
        byte[] binary = HexFormat.of().parseHex("C9" + "40420F0000000000" + "00000000".repeat(5) + "0000803F" + "0A");
        for (SampleDecoder d : List.of(new Ximu3AsciiDecoder(), new Ximu3BinaryDecoder())) {
            byte[] bytes = d instanceof Ximu3AsciiDecoder ? ascii : binary;
            List<ImuSample> s = Streams.decodeAll(d, bytes).samples;
            assertEquals(1, s.size(), d.protocol().cliName());
            assertEquals(1.0, s.get(0).accG().z(), 0);
            assertEquals(0.0, s.get(0).accG().x(), 0);
            assertEquals(0.0, s.get(0).timeS(), 0);
            assertEquals(1, d.stats().frames());
        }
    }

    @Test
    void asciiStream() {
        List<ImuSample> in = Streams.fourDecimalSamples(200, 100, 1);
        byte[] stream = Streams.ximu3AsciiStream(in, 7_000_000, 100);
        Ximu3AsciiDecoder d = new Ximu3AsciiDecoder();
        List<ImuSample> out = Streams.decodeInPieces(d, stream, 1, 30).samples;
        assertEquals(200, out.size());
        for (int i = 0; i < 200; i++) {
            assertTrue(Streams.sameValues(in.get(i), out.get(i), 1e-9), "sample " + i);
            assertEquals(i / 100.0, out.get(i).timeS(), 1e-9);
        }
        assertEquals(4, d.stats().unknownMessages());
        assertEquals(0, d.stats().badFrames());
    }

    @Test
    void binaryStreamWithStuffedBytes() {
        List<ImuSample> in = Streams.samples(300, 400, 2, false);
        // timestamps chosen so that 0x0A and 0xDB appear in them
        byte[] stream = Streams.ximu3BinaryStream(in, 0x0A0ADBDBL, 400);
        Ximu3BinaryDecoder d = new Ximu3BinaryDecoder();
        List<ImuSample> out = Streams.decodeInPieces(d, stream, 2, 50).samples;
        assertEquals(300, out.size());
        for (int i = 0; i < 300; i++) {
            assertTrue(Streams.sameValues(in.get(i), out.get(i), 0), "sample " + i);
            assertEquals(i / 400.0, out.get(i).timeS(), 1e-6);
        }
        assertEquals(6, d.stats().unknownMessages());
        assertEquals(0, d.stats().badFrames());
    }

    @Test
    void splitAtEveryByteBoundary() {
        List<ImuSample> in = Streams.samples(3, 100, 3, false);
        byte[] bin = Streams.ximu3BinaryStream(in, 0x0ADB, 100);
        byte[] asc = Streams.ximu3AsciiStream(Streams.fourDecimalSamples(3, 100, 3), 0, 100);
        for (byte[] stream : List.of(bin, asc)) {
            boolean binary = stream == bin;
            List<ImuSample> whole = Streams.decodeAll(binary ? new Ximu3BinaryDecoder() : new Ximu3AsciiDecoder(), stream).samples;
            assertEquals(3, whole.size());
            for (int cut = 0; cut <= stream.length; cut++) {
                SampleDecoder d = binary ? new Ximu3BinaryDecoder() : new Ximu3AsciiDecoder();
                Streams.Collector c = new Streams.Collector();
                d.decode(stream, 0, cut, c);
                d.decode(stream, cut, stream.length - cut, c);
                d.finish(c);
                assertEquals(whole, c.samples, "cut at " + cut);
            }
        }
    }

    @Test
    void aCorruptedTimestampCostsOneSampleAndDoesNotBendTime() {
        List<ImuSample> in = Streams.fourDecimalSamples(10, 100, 4);
        String text = new String(Streams.ximu3AsciiStream(in, 1_000_000, 100), StandardCharsets.US_ASCII);
        // sample 4 is at 1040000 µs: make it 9040000
        text = text.replace("I,1040000,", "I,9040000,");
        Ximu3AsciiDecoder d = new Ximu3AsciiDecoder();
        List<ImuSample> out = Streams.decodeAll(d, text.getBytes(StandardCharsets.US_ASCII)).samples;
        assertEquals(9, out.size());
        assertEquals(0.05, out.get(4).timeS(), 1e-9);
        assertEquals(1, d.stats().rejectedSamples());
    }

    @Test
    void aRealClockStepIsBelievedWhenConfirmed() {
        List<ImuSample> in = Streams.fourDecimalSamples(2, 100, 5);
        StringBuilder sb = new StringBuilder();
        sb.append(Streams.ximu3AsciiLine(1_000_000, in.get(0)));
        sb.append(Streams.ximu3AsciiLine(1_010_000, in.get(1)));
        sb.append(Streams.ximu3AsciiLine(31_000_000, in.get(0)));   // 30 s pause (suspect)
        sb.append(Streams.ximu3AsciiLine(31_010_000, in.get(1)));   // continues from it: the pause was real
        Ximu3AsciiDecoder d = new Ximu3AsciiDecoder();
        List<ImuSample> out = Streams.decodeAll(d, sb.toString().getBytes(StandardCharsets.US_ASCII)).samples;
        assertEquals(4, out.size());
        assertEquals(30.0, out.get(2).timeS(), 1e-9);
        assertEquals(30.01, out.get(3).timeS(), 1e-9);
        assertEquals(1, d.stats().clockJumps());
    }
}
