package org.hiphike.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hiphike.core.ImuSample;
import org.junit.jupiter.api.Test;

class HiphikeDecoderTest {

    @Test
    void crcCheckValue() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x29B1, Crc16.ccittFalse(check, 0, check.length));
        assertEquals(0x29B1, Streams.crc(check, check.length));
    }

    @Test
    void decodesSamplesHelloAndTimes() {
        List<ImuSample> in = Streams.samples(50, 100, 1, false);
        byte[] stream = Streams.hiphikeStream(in, 1, 5_000_000L, 100);
        HiphikeDecoder d = new HiphikeDecoder();
        Streams.Collector c = Streams.decodeAll(d, stream);
        assertEquals(50, c.samples.size());
        for (int i = 0; i < in.size(); i++) {
            assertTrue(Streams.sameValues(in.get(i), c.samples.get(i), 0), "sample " + i);
            assertEquals(i * 0.01, c.samples.get(i).timeS(), 1e-6, "time " + i);
        }
        assertEquals(1, c.infos.size());
        DeviceInfo info = c.infos.get(0);
        assertEquals("BMI270", info.sensorModel());
        assertEquals("+Y-X+Z", info.axisAlignment());
        assertEquals("0.3.1", info.firmwareVersion());
        assertEquals("0123456789ABCDEF", info.deviceId());
        assertEquals(100.0, info.sampleRateHz(), 0);
        assertTrue(info.capabilities().contains(DeviceInfo.Capability.MAGNETOMETER));
        assertTrue(info.capabilities().contains(DeviceInfo.Capability.BATTERY_MEASUREMENT));
        assertFalse(info.capabilities().contains(DeviceInfo.Capability.IDENTIFY_LED));
        DecoderStats st = d.stats();
        assertEquals(51, st.frames());
        assertEquals(0, st.badFrames());
        assertEquals(0, st.lostFrames());
        assertEquals(stream.length, st.frameBytes());
    }

    @Test
    void batchesWithMagnetometer() {
        List<ImuSample> in = Streams.samples(24, 100, 2, true);
        byte[] stream = Streams.hiphikeStream(in, 6, 0, 100);
        Streams.Collector c = Streams.decodeAll(new HiphikeDecoder(), stream);
        assertEquals(24, c.samples.size());
        for (int i = 0; i < in.size(); i++) assertTrue(Streams.sameValues(in.get(i), c.samples.get(i), 0));
    }

    @Test
    void splitAtEveryByteBoundaryGivesTheSameSamples() {
        List<ImuSample> in = Streams.samples(6, 100, 3, false);
        byte[] stream = Streams.hiphikeStream(in, 2, 123, 100);
        List<ImuSample> whole = Streams.decodeAll(new HiphikeDecoder(), stream).samples;
        assertEquals(6, whole.size());
        for (int cut = 0; cut <= stream.length; cut++) {
            HiphikeDecoder d = new HiphikeDecoder();
            Streams.Collector c = new Streams.Collector();
            d.decode(stream, 0, cut, c);
            d.decode(stream, cut, stream.length - cut, c);
            d.finish(c);
            assertEquals(whole, c.samples, "cut at " + cut);
            assertEquals(0, d.stats().badFrames(), "cut at " + cut);
        }
        // and one byte at a time
        HiphikeDecoder d = new HiphikeDecoder();
        Streams.Collector c = new Streams.Collector();
        for (int i = 0; i < stream.length; i++) d.decode(stream, i, 1, c);
        assertEquals(whole, c.samples);
    }

    @Test
    void countsLostFramesFromSequenceAcrossWrap() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<ImuSample> in = Streams.samples(1, 100, 4, false);
        int[] seqs = {65533, 65534, 1, 2, 5};        // lost: 65535, 0, then 3, 4
        for (int k = 0; k < seqs.length; k++) {
            out.writeBytes(Streams.frame(0x02, seqs[k], Streams.imuPayload(new long[] {k * 10_000L}, in)));
        }
        HiphikeDecoder d = new HiphikeDecoder();
        Streams.decodeAll(d, out.toByteArray());
        assertEquals(4, d.stats().lostFrames());
        assertEquals(4, d.counters().lostFrames());
    }

    @Test
    void helloRestartsTheSequenceWithoutLoss() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<ImuSample> in = Streams.samples(1, 100, 4, false);
        out.writeBytes(Streams.frame(0x02, 100, Streams.imuPayload(new long[] {0}, in)));
        out.writeBytes(Streams.frame(0x01, 0, Streams.helloPayload(100, "BMI270")));
        out.writeBytes(Streams.frame(0x02, 1, Streams.imuPayload(new long[] {10_000}, in)));
        HiphikeDecoder d = new HiphikeDecoder();
        Streams.decodeAll(d, out.toByteArray());
        assertEquals(0, d.stats().lostFrames());
    }

    @Test
    void unwrapsTheMicrosecondClock() {
        List<ImuSample> in = Streams.samples(200, 100, 5, false);
        long first = 0xFFFFFFFFL - 500_000;               // wraps after 0.5 s
        HiphikeDecoder d = new HiphikeDecoder();
        List<ImuSample> out = Streams.decodeAll(d, Streams.hiphikeStream(in, 1, first, 100)).samples;
        assertEquals(200, out.size());
        for (int i = 0; i < out.size(); i++) assertEquals(i * 0.01, out.get(i).timeS(), 1e-6);
        assertEquals(0, d.stats().clockJumps());
    }

    @Test
    void statusGivesBattery() {
        byte[] f = Streams.frame(0x03, 0, Streams.statusPayload(1_000_000, 3900, 80));
        HiphikeDecoder d = new HiphikeDecoder();
        Streams.Collector c = Streams.decodeAll(d, f);
        assertEquals(1, c.statuses.size());
        DeviceStatus s = c.statuses.get(0);
        assertEquals(3900, s.batteryMv().getAsInt());
        assertEquals(80, s.batteryPercent().getAsInt());
        assertEquals(25.12, s.temperatureC().getAsDouble(), 1e-9);
        assertTrue(s.streaming());
        assertTrue(s.externalPower());
        assertFalse(s.charging());
        assertEquals(s, d.deviceStatus().orElseThrow());
        byte[] unknown = Streams.frame(0x03, 0, Streams.statusPayload(1_000_000, 0xFFFF, 0xFF));
        DeviceStatus u = Streams.decodeAll(new HiphikeDecoder(), unknown).statuses.get(0);
        assertTrue(u.batteryMv().isEmpty());
        assertTrue(u.batteryPercent().isEmpty());
    }

    @Test
    void classifiesErrors() {
        List<ImuSample> one = Streams.samples(1, 100, 6, false);
        byte[] good = Streams.frame(0x02, 0, Streams.imuPayload(new long[] {0}, one));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(good);
        byte[] badCrc = good.clone();
        badCrc[5] ^= 0x01;
        if (badCrc[5] == 0) badCrc[5] = 0x02;
        out.writeBytes(badCrc);                                                // crc_mismatch
        out.writeBytes(Streams.frame(0x30, 1, new byte[] {1, 2, 3}));          // unknown_id (seq 1: no loss)
        out.writeBytes(Streams.frame(0x02, 2, new byte[] {9, 0}));             // bad_length (count 9)
        out.writeBytes(new byte[] {2, 1, 0});                                  // too_short
        out.writeBytes(new byte[] {5, 1, 0});                                  // cobs_error (code runs past end)
        byte[] longRun = new byte[300];
        java.util.Arrays.fill(longRun, (byte) 7);
        out.writeBytes(longRun);
        out.write(0);                                                          // too_long
        out.writeBytes(Streams.frame(0x02, 3, Streams.imuPayload(new long[] {10_000}, one)));
        out.writeBytes(new byte[] {4, 1, 2});                                  // truncated
        HiphikeDecoder d = new HiphikeDecoder();
        List<HiphikeDecoder.FrameError> errors = new ArrayList<>();
        d.withListener(new HiphikeDecoder.FrameListener() {
            @Override public void frame(int msgId, int seq, long lostBefore) {}
            @Override public void error(HiphikeDecoder.FrameError e) { errors.add(e); }
        });
        Streams.Collector c = Streams.decodeAll(d, out.toByteArray());
        assertEquals(2, c.samples.size());
        assertEquals(List.of(HiphikeDecoder.FrameError.CRC_MISMATCH, HiphikeDecoder.FrameError.UNKNOWN_ID,
                HiphikeDecoder.FrameError.BAD_LENGTH, HiphikeDecoder.FrameError.TOO_SHORT,
                HiphikeDecoder.FrameError.COBS_ERROR, HiphikeDecoder.FrameError.TOO_LONG,
                HiphikeDecoder.FrameError.TRUNCATED), errors);
        assertEquals(new HiphikeDecoder.Counters(4, 1, 1, 1, 1, 1, 1, 1, 0), d.counters());
        assertEquals(1, d.stats().unknownMessages());
        assertEquals(6, d.stats().badFrames());
    }

    @Test
    void longFramesUseTheFullCobsGroup() {
        // 6 magnetometer samples: 3 + 2 + 240 + 2 = 247 decoded bytes, some groups over 254 when values avoid zero
        List<ImuSample> in = Streams.samples(6, 100, 7, true);
        byte[] f = Streams.frame(0x02, 0, Streams.imuPayload(new long[] {0x01010101L, 0x01010102L, 0x01010103L,
                0x01010104L, 0x01010105L, 0x01010106L}, in));
        Streams.Collector c = Streams.decodeAll(new HiphikeDecoder(), f);
        assertEquals(6, c.samples.size());
        byte[] all = new byte[254 + 1];
        java.util.Arrays.fill(all, (byte) 0x11);
        byte[] enc = Streams.cobs(all);
        byte[] dec = new byte[300];
        assertEquals(255, HiphikeDecoder.cobsDecode(enc, enc.length, dec));
    }

    @Test
    void unknownMajorVersionStopsDecoding() {
        byte[] hello = Streams.helloPayload(100, "BMI270");
        hello[0] = 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Streams.frame(0x01, 0, hello));
        out.writeBytes(Streams.frame(0x02, 1, Streams.imuPayload(new long[] {0}, Streams.samples(1, 100, 1, false))));
        HiphikeDecoder d = new HiphikeDecoder();
        assertEquals(0, Streams.decodeAll(d, out.toByteArray()).samples.size());
        assertEquals("2.0", d.unsupportedVersion().orElseThrow());
    }

    @Test
    void nonFiniteFloatsAreBadLength() {
        List<ImuSample> one = Streams.samples(1, 100, 6, false);
        byte[] p = Streams.imuPayload(new long[] {0}, one);
        java.nio.ByteBuffer.wrap(p).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(2 + 4, Float.NaN);
        HiphikeDecoder d = new HiphikeDecoder();
        assertEquals(0, Streams.decodeAll(d, Streams.frame(0x02, 0, p)).samples.size());
        assertEquals(1, d.counters().badLength());
    }
}
