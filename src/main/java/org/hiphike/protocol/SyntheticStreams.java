package org.hiphike.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

/**
 * Byte streams of each protocol carrying a synthetic pelvis-like signal (gravity on y, small sway),
 * for throughput benchmarks and demonstrations. Not a simulator of the exercise.
 */
public final class SyntheticStreams {
    private SyntheticStreams() {}

    /** {@code samples} samples at {@code rateHz} in {@code protocol}'s wire format. */
    public static byte[] stream(Protocol protocol, int samples, double rateHz, long seed) {
        return stream(protocol, samples, rateHz, rateHz, seed);
    }

    /** As {@link #stream(Protocol, int, double, long)}, the hiphike HELLO announcing {@code announcedHz} (a faulty device). */
    public static byte[] stream(Protocol protocol, int samples, double rateHz, double announcedHz, long seed) {
        Random r = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream(samples * 64);
        float[] v = new float[6];
        if (protocol == Protocol.HIPHIKE) out.writeBytes(hiphikeFrame(0x01, 0, hello((float) announcedHz)));
        if (protocol == Protocol.CSV_LINES) out.writeBytes("ms,ax,ay,az,gx,gy,gz\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < samples; i++) {
            double t = i / rateHz;
            v[0] = (float) (0.05 * Math.sin(2 * Math.PI * 0.2 * t) + 0.002 * r.nextGaussian());
            v[1] = (float) (0.99 + 0.003 * r.nextGaussian());
            v[2] = (float) (-0.04 + 0.002 * r.nextGaussian());
            v[3] = (float) (8 * Math.cos(2 * Math.PI * 0.2 * t) + 0.3 * r.nextGaussian());
            v[4] = (float) (0.3 * r.nextGaussian());
            v[5] = (float) (0.3 * r.nextGaussian());
            long us = Math.round(t * 1e6);
            switch (protocol) {
                case HIPHIKE -> out.writeBytes(hiphikeFrame(0x02, (i + 1) & 0xFFFF, imu(us, v)));
                case WITMOTION_SERIAL -> {
                    out.writeBytes(witPacket(0x51, acc(v[0]), acc(v[1]), acc(v[2]), 3650));
                    out.writeBytes(witPacket(0x52, gyro(v[3]), gyro(v[4]), gyro(v[5]), 3300));
                    out.writeBytes(witPacket(0x53, 120, -340, 9000, 0x1234));
                    out.writeBytes(witPacket(0x54, 500, -300, 200, 3650));
                }
                case WITMOTION_BLE -> {
                    ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
                    b.put((byte) 0x55).put((byte) 0x61);
                    b.putShort((short) acc(v[0])).putShort((short) acc(v[1])).putShort((short) acc(v[2]));
                    b.putShort((short) gyro(v[3])).putShort((short) gyro(v[4])).putShort((short) gyro(v[5]));
                    b.putShort((short) 120).putShort((short) -340).putShort((short) 9000);
                    out.writeBytes(b.array());
                }
                case XIMU3_ASCII -> out.writeBytes(String.format(Locale.ROOT, "I,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f\r\n",
                        us, v[3], v[4], v[5], v[0], v[1], v[2]).getBytes(StandardCharsets.US_ASCII));
                case XIMU3_BINARY -> {
                    ByteBuffer b = ByteBuffer.allocate(33).order(ByteOrder.LITTLE_ENDIAN);
                    b.put((byte) 0xC9).putLong(us);
                    for (int k : new int[] {3, 4, 5, 0, 1, 2}) b.putFloat(v[k]);
                    for (byte x : b.array()) {
                        int c = x & 0xFF;
                        if (c == 0x0A) { out.write(0xDB); out.write(0xDC); }
                        else if (c == 0xDB) { out.write(0xDB); out.write(0xDD); }
                        else out.write(c);
                    }
                    out.write(0x0A);
                }
                case CSV_LINES -> out.writeBytes(String.format(Locale.ROOT, "%d,%.4f,%.4f,%.4f,%.3f,%.3f,%.3f\n",
                        Math.round(t * 1000), v[0], v[1], v[2], v[3], v[4], v[5]).getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toByteArray();
    }

    private static int acc(float g) { return Math.round(g / 16 * 32768); }

    private static int gyro(float dps) { return Math.round(dps / 2000 * 32768); }

    private static byte[] witPacket(int type, int a, int b, int c, int d) {
        byte[] p = new byte[11];
        p[0] = 0x55;
        p[1] = (byte) type;
        int[] v = {a, b, c, d};
        int sum = 0;
        for (int i = 0; i < 4; i++) { p[2 + 2 * i] = (byte) v[i]; p[3 + 2 * i] = (byte) (v[i] >> 8); }
        for (int i = 0; i < 10; i++) sum += p[i] & 0xFF;
        p[10] = (byte) sum;
        return p;
    }

    private static byte[] imu(long us, float[] v) {
        ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1).put((byte) 0).putInt((int) us);
        for (float x : v) b.putFloat(x);
        return b.array();
    }

    private static byte[] hello(float rateHz) {
        ByteBuffer b = ByteBuffer.allocate(HiphikeDecoder.HELLO_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 1).put((byte) 0).put((byte) 0);
        b.putLong(0x5EED);
        b.putFloat(rateHz).putFloat(8).putFloat(8f / 32768).putFloat(2000).putFloat(2000f / 32768).put((byte) 1);
        byte[] text = new byte[40];
        System.arraycopy("+X+Y+Z".getBytes(StandardCharsets.US_ASCII), 0, text, 0, 6);
        System.arraycopy("synthetic".getBytes(StandardCharsets.US_ASCII), 0, text, 8, 9);
        System.arraycopy("synthetic".getBytes(StandardCharsets.US_ASCII), 0, text, 24, 9);
        b.put(text);
        return b.array();
    }

    /** A hiphike frame on the wire: COBS-encoded {@code id, seq, payload, crc} and its 0x00 delimiter. */
    public static byte[] hiphikeFrame(int id, int seq, byte[] payload) {
        byte[] d = new byte[payload.length + 5];
        d[0] = (byte) id;
        d[1] = (byte) seq;
        d[2] = (byte) (seq >> 8);
        System.arraycopy(payload, 0, d, 3, payload.length);
        int crc = Crc16.ccittFalse(d, 0, d.length - 2);
        d[d.length - 2] = (byte) crc;
        d[d.length - 1] = (byte) (crc >> 8);
        byte[] out = new byte[d.length + d.length / 254 + 2];
        int codeAt = 0;
        int w = 1;
        int code = 1;
        for (byte x : d) {
            if (x != 0) {
                out[w++] = x;
                code++;
            }
            if (x == 0 || code == 0xFF) {
                out[codeAt] = (byte) code;
                codeAt = w++;
                code = 1;
            }
        }
        out[codeAt] = (byte) code;
        out[w++] = 0;
        return java.util.Arrays.copyOf(out, w);
    }
}
