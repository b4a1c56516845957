package org.hiphike.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.hiphike.core.ImuSample;
import org.junit.jupiter.api.Test;

class WitMotionDecoderTest {

    @Test
    void serialPacketScaling() {
        // acc x = 0.5 g (1024 counts), y = -1 g, z = 16 g * 32767/32768; gyro x = 250 °/s (4096 counts)
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Streams.witPacket(0x51, 1024, -2048, 32767, 0));
        out.writeBytes(Streams.witPacket(0x52, 4096, -4096, 0, 0));
        WitMotionSerialDecoder d = new WitMotionSerialDecoder(100);
        List<ImuSample> s = Streams.decodeAll(d, out.toByteArray()).samples;
        assertEquals(1, s.size());
        assertEquals(0.5, s.get(0).accG().x(), 0);
        assertEquals(-1.0, s.get(0).accG().y(), 0);
        assertEquals(16.0 * 32767 / 32768, s.get(0).accG().z(), 1e-12);
        assertEquals(250.0, s.get(0).gyroDps().x(), 0);
        assertEquals(-250.0, s.get(0).gyroDps().y(), 0);
        assertEquals(0.0, s.get(0).timeS(), 0);
        assertEquals(TimeSource.REBUILT, d.timeSource());
    }

    @Test
    void serialStreamWithOtherPacketsAndRebuiltTime() {
        List<ImuSample> in = Streams.witSamples(100, 100, 1);
        byte[] stream = Streams.witSerialStream(in);
        WitMotionSerialDecoder d = new WitMotionSerialDecoder(100);
        List<ImuSample> out = Streams.decodeAll(d, stream).samples;
        assertEquals(100, out.size());
        for (int i = 0; i < 100; i++) {
            assertTrue(Streams.sameValues(in.get(i), out.get(i), 1e-12), "sample " + i);
            assertEquals(i / 100.0, out.get(i).timeS(), 1e-12);
        }
        DecoderStats st = d.stats();
        assertEquals(400, st.frames());
        assertEquals(200, st.unknownMessages());
        assertEquals(0, st.badFrames());
        assertEquals(0, st.skippedBytes());
    }

    @Test
    void serialResyncsByOneByteAndEstimatesLostCycles() {
        List<ImuSample> in = Streams.witSamples(20, 100, 2);
        byte[] stream = Streams.witSerialStream(in);
        // destroy cycles 5 and 6 (44 bytes each) by garbling one byte in every packet
        for (int p = 5 * 4; p < 7 * 4; p++) stream[p * 11 + 4] ^= 0x5A;
        // a stray byte between cycles 12 and 13: no cycle lost
        byte[] withStray = new byte[stream.length + 1];
        System.arraycopy(stream, 0, withStray, 0, 13 * 44);
        withStray[13 * 44] = 0x55;
        System.arraycopy(stream, 13 * 44, withStray, 13 * 44 + 1, stream.length - 13 * 44);
        WitMotionSerialDecoder d = new WitMotionSerialDecoder(100);
        List<ImuSample> out = Streams.decodeAll(d, withStray).samples;
        assertEquals(18, out.size());
        assertEquals(2, d.stats().lostFrames());
        // sample 5 of the output is input 7, at its true time
        assertTrue(Streams.sameValues(in.get(7), out.get(5), 1e-12));
        assertEquals(0.07, out.get(5).timeS(), 1e-12);
        assertEquals(0.19, out.get(17).timeS(), 1e-12);
        assertTrue(d.stats().badFrames() >= 2);
    }

    @Test
    void serialSplitAtEveryByteBoundary() {
        List<ImuSample> in = Streams.witSamples(3, 100, 3);
        byte[] stream = Streams.witSerialStream(in);
        List<ImuSample> whole = Streams.decodeAll(new WitMotionSerialDecoder(100), stream).samples;
        assertEquals(3, whole.size());
        for (int cut = 0; cut <= stream.length; cut++) {
            WitMotionSerialDecoder d = new WitMotionSerialDecoder(100);
            Streams.Collector c = new Streams.Collector();
            d.decode(stream, 0, cut, c);
            d.decode(stream, cut, stream.length - cut, c);
            d.finish(c);
            assertEquals(whole, c.samples, "cut at " + cut);
        }
    }

    @Test
    void serialPairsOnlyAdjacentPackets() {
        List<ImuSample> in = Streams.witSamples(2, 100, 4);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] s = Streams.witSerialStream(in);
        out.write(s, 0, 11);                 // acceleration of cycle 0 only
        out.writeBytes(Streams.witPacket(0x53, 1, 2, 3, 4));
        out.write(s, 44 + 11, 11);           // angular velocity of cycle 1: not a pair
        List<ImuSample> got = Streams.decodeAll(new WitMotionSerialDecoder(100), out.toByteArray()).samples;
        assertEquals(0, got.size());
    }

    /**
     * With only the acceleration and angular-velocity packets enabled (A G A G ...), one damaged acceleration packet
     * must not shift the pairing: the cycle is lost, counted, and every later sample pairs its own cycle's packets.
     */
    @Test
    void serialWithOnlyAccelerationAndGyroscopeResynchronisesOnPacketOrder() {
        int n = 200;
        List<ImuSample> in = Streams.witSamples(n, 100, 8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] full = Streams.witSerialStream(in); // 4 packets a cycle: acceleration, angular velocity, angle, magnetic field
        for (int c = 0; c < n; c++) out.write(full, c * 44, 22);
        byte[] stream = out.toByteArray();
        stream[50 * 22 + 5] ^= 0x21; // one damaged byte in cycle 50's acceleration packet
        WitMotionSerialDecoder d = new WitMotionSerialDecoder(100);
        List<ImuSample> got = Streams.decodeAll(d, stream).samples;
        assertEquals(n - 1, got.size(), "one cycle lost");
        for (int i = 0; i < got.size(); i++) {
            ImuSample expected = in.get(i < 50 ? i : i + 1);
            assertTrue(Streams.sameValues(expected, got.get(i), 1e-12), "sample " + i + " pairs its own cycle's packets");
        }
        assertTrue(d.stats().lostFrames() + d.unpairedPackets() >= 1, "the loss is counted");
        assertEquals(0.51, got.get(50).timeS(), 1e-12, "the sample after the loss keeps its time");
    }

    @Test
    void blePackets() {
        List<ImuSample> in = Streams.witSamples(50, 50, 5);
        byte[] stream = Streams.witBleStream(in);
        WitMotionBleDecoder d = new WitMotionBleDecoder(50);
        List<ImuSample> out = Streams.decodeAll(d, stream).samples;
        assertEquals(50, out.size());
        for (int i = 0; i < 50; i++) {
            assertTrue(Streams.sameValues(in.get(i), out.get(i), 1e-12), "sample " + i);
            assertEquals(i / 50.0, out.get(i).timeS(), 1e-12);
        }
        assertEquals(0, d.stats().badFrames());
    }

    @Test
    void bleSplitAtEveryByteBoundaryAndResync() {
        List<ImuSample> in = Streams.witSamples(4, 50, 6);
        byte[] stream = Streams.witBleStream(in);
        List<ImuSample> whole = Streams.decodeAll(new WitMotionBleDecoder(50), stream).samples;
        assertEquals(4, whole.size());
        for (int cut = 0; cut <= stream.length; cut++) {
            WitMotionBleDecoder d = new WitMotionBleDecoder(50);
            Streams.Collector c = new Streams.Collector();
            d.decode(stream, 0, cut, c);
            d.decode(stream, cut, stream.length - cut, c);
            d.finish(c);
            assertEquals(whole, c.samples, "cut at " + cut);
        }
        // three bytes of garbage in front of packet 2
        byte[] bad = new byte[stream.length + 3];
        System.arraycopy(stream, 0, bad, 0, 40);
        bad[40] = 0x07; bad[41] = 0x55; bad[42] = 0x07;
        System.arraycopy(stream, 40, bad, 43, stream.length - 40);
        WitMotionBleDecoder d = new WitMotionBleDecoder(50);
        List<ImuSample> out = Streams.decodeAll(d, bad).samples;
        // packet 1 is followed by garbage, so it is not confirmed; packets 0, 2, 3 are
        assertEquals(3, out.size());
        assertTrue(Streams.sameValues(in.get(2), out.get(1), 1e-12));
        assertTrue(Streams.sameValues(in.get(3), out.get(2), 1e-12));
    }
}
