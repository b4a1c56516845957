package org.hiphike.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.hiphike.core.ImuSample;
import org.hiphike.core.Vec3;

/**
 * Independent encoders of every supported protocol, written from the format descriptions, to make test
 * streams. They share no code with the decoders.
 */
final class Streams {
    private Streams() {}

    // ---------------- hiphike ----------------

    static int crc(byte[] d, int n) {
        int crc = 0xFFFF;
        for (int i = 0; i < n; i++) {
            crc ^= (d[i] & 0xFF) << 8;
            for (int b = 0; b < 8; b++) crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
        }
        return crc;
    }

    static byte[] cobs(byte[] in) {
        byte[] buf = new byte[in.length + in.length / 254 + 2];
        int codeIndex = 0;
        int w = 1;
        int code = 1;
        for (byte x : in) {
            if (x == 0) {
                buf[codeIndex] = (byte) code;
                codeIndex = w++;
                code = 1;
            } else {
                buf[w++] = x;
                code++;
                if (code == 0xFF) {
                    buf[codeIndex] = (byte) code;
                    codeIndex = w++;
                    code = 1;
                }
            }
        }
        buf[codeIndex] = (byte) code;
        return java.util.Arrays.copyOf(buf, w);
    }

    /** One hiphike frame on the wire: COBS(id, seq, payload, crc) + 0x00. */
    static byte[] frame(int id, int seq, byte[] payload) {
        byte[] d = new byte[3 + payload.length + 2];
        d[0] = (byte) id;
        d[1] = (byte) seq;
        d[2] = (byte) (seq >> 8);
        System.arraycopy(payload, 0, d, 3, payload.length);
        int c = crc(d, d.length - 2);
        d[d.length - 2] = (byte) c;
        d[d.length - 1] = (byte) (c >> 8);
        byte[] e = cobs(d);
        byte[] w = new byte[e.length + 1];
        System.arraycopy(e, 0, w, 0, e.length);
        return w;
    }

    static byte[] imuPayload(long[] timestampsUs, List<ImuSample> samples) {
        boolean mag = samples.get(0).magUt() != null;
        ByteBuffer b = ByteBuffer.allocate(2 + samples.size() * (mag ? 40 : 28)).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) samples.size()).put((byte) (mag ? 1 : 0));
        for (int i = 0; i < samples.size(); i++) {
            ImuSample s = samples.get(i);
            b.putInt((int) timestampsUs[i]);
            b.putFloat((float) s.accG().x()).putFloat((float) s.accG().y()).putFloat((float) s.accG().z());
            b.putFloat((float) s.gyroDps().x()).putFloat((float) s.gyroDps().y()).putFloat((float) s.gyroDps().z());
            if (mag) b.putFloat((float) s.magUt().x()).putFloat((float) s.magUt().y()).putFloat((float) s.magUt().z());
        }
        return b.array();
    }

    static byte[] helloPayload(float rateHz, String sensor) {
        ByteBuffer b = ByteBuffer.allocate(75).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 3).put((byte) 1).put((byte) 0b0101);
        b.putLong(0x0123456789ABCDEFL);
        b.putFloat(rateHz).putFloat(8).putFloat(8f / 32768).putFloat(2000).putFloat(2000f / 32768);
        b.put((byte) 1);
        putText(b, "+Y-X+Z", 8);
        putText(b, sensor, 16);
        putText(b, "esp32-test", 16);
        return b.array();
    }

    static byte[] statusPayload(long timestampUs, int batteryMv, int percent) {
        ByteBuffer b = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) timestampUs).putInt(3).putFloat(100).putShort((short) batteryMv).putShort((short) 2512)
                .put((byte) percent).put((byte) 1).put((byte) 0b10);
        return b.array();
    }

    private static void putText(ByteBuffer b, String s, int n) {
        byte[] t = s.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < n; i++) b.put(i < t.length ? t[i] : 0);
    }

    /** Float-exact samples: values representable in f32 and distinct from each other. */
    static List<ImuSample> samples(int n, double rateHz, long seed, boolean mag) {
        Random r = new Random(seed);
        List<ImuSample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Vec3 acc = new Vec3(f(r.nextGaussian() * 0.2), f(1 + r.nextGaussian() * 0.1), f(r.nextGaussian() * 0.2));
            Vec3 gyro = new Vec3(f(r.nextGaussian() * 30), f(r.nextGaussian() * 30), f(r.nextGaussian() * 30));
            Vec3 m = mag ? new Vec3(f(20 + r.nextGaussian()), f(-40 + r.nextGaussian()), f(5 + r.nextGaussian())) : null;
            out.add(new ImuSample(i / rateHz, acc, gyro, m));
        }
        return out;
    }

    static double f(double v) { return (float) v; }

    /** A hiphike stream: HELLO, then IMU frames of {@code batch} samples, a STATUS every {@code statusEvery} frames. */
    static byte[] hiphikeStream(List<ImuSample> samples, int batch, long firstTimestampUs, double rateHz) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int seq = 0;
        out.writeBytes(frame(0x01, seq++, helloPayload((float) rateHz, "BMI270")));
        for (int i = 0; i < samples.size(); i += batch) {
            List<ImuSample> part = samples.subList(i, Math.min(samples.size(), i + batch));
            long[] ts = new long[part.size()];
            for (int k = 0; k < ts.length; k++) ts[k] = (firstTimestampUs + Math.round((i + k) * 1e6 / rateHz)) & 0xFFFFFFFFL;
            out.writeBytes(frame(0x02, seq++ & 0xFFFF, imuPayload(ts, part)));
        }
        return out.toByteArray();
    }

    // ---------------- WitMotion ----------------

    static byte[] witPacket(int type, int a, int b, int c, int d) {
        byte[] p = new byte[11];
        p[0] = 0x55;
        p[1] = (byte) type;
        int[] v = {a, b, c, d};
        for (int i = 0; i < 4; i++) { p[2 + 2 * i] = (byte) v[i]; p[3 + 2 * i] = (byte) (v[i] >> 8); }
        int sum = 0;
        for (int i = 0; i < 10; i++) sum += p[i] & 0xFF;
        p[10] = (byte) sum;
        return p;
    }

    static int accCounts(double g) { return (int) Math.round(g / 16 * 32768); }

    static int gyroCounts(double dps) { return (int) Math.round(dps / 2000 * 32768); }

    /** Samples whose values are exact in WitMotion's int16 scaling. */
    static List<ImuSample> witSamples(int n, double rateHz, long seed) {
        Random r = new Random(seed);
        List<ImuSample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Vec3 acc = new Vec3(accCounts(r.nextGaussian() * 0.2) * 16 / 32768.0, accCounts(1 + r.nextGaussian() * 0.1) * 16 / 32768.0,
                    accCounts(r.nextGaussian() * 0.2) * 16 / 32768.0);
            Vec3 gyro = new Vec3(gyroCounts(r.nextGaussian() * 30) * 2000 / 32768.0, gyroCounts(r.nextGaussian() * 30) * 2000 / 32768.0,
                    gyroCounts(r.nextGaussian() * 30) * 2000 / 32768.0);
            out.add(new ImuSample(i / rateHz, acc, gyro));
        }
        return out;
    }

    /** Default WitMotion output: per cycle 0x51 acceleration, 0x52 angular velocity, 0x53 angle, 0x54 magnetic field. */
    static byte[] witSerialStream(List<ImuSample> samples) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ImuSample s : samples) {
            out.writeBytes(witPacket(0x51, accCounts(s.accG().x()), accCounts(s.accG().y()), accCounts(s.accG().z()), 3650));
            out.writeBytes(witPacket(0x52, gyroCounts(s.gyroDps().x()), gyroCounts(s.gyroDps().y()), gyroCounts(s.gyroDps().z()), 3300));
            out.writeBytes(witPacket(0x53, 100, -200, 3000, 0x1234));
            out.writeBytes(witPacket(0x54, 500, -300, 200, 3650));
        }
        return out.toByteArray();
    }

    static byte[] witBlePacket(ImuSample s) {
        ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x55).put((byte) 0x61);
        b.putShort((short) accCounts(s.accG().x())).putShort((short) accCounts(s.accG().y())).putShort((short) accCounts(s.accG().z()));
        b.putShort((short) gyroCounts(s.gyroDps().x())).putShort((short) gyroCounts(s.gyroDps().y())).putShort((short) gyroCounts(s.gyroDps().z()));
        b.putShort((short) 1000).putShort((short) -2000).putShort((short) 12000);
        return b.array();
    }

    static byte[] witBleStream(List<ImuSample> samples) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ImuSample s : samples) out.writeBytes(witBlePacket(s));
        return out.toByteArray();
    }

    // ---------------- x-IMU3 ----------------

    static String ximu3AsciiLine(long timestampUs, ImuSample s) {
        return String.format(Locale.ROOT, "I,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f\r\n", timestampUs,
                s.gyroDps().x(), s.gyroDps().y(), s.gyroDps().z(), s.accG().x(), s.accG().y(), s.accG().z());
    }

    /** Samples exact at 4 decimals (the x-IMU3 ASCII precision). */
    static List<ImuSample> fourDecimalSamples(int n, double rateHz, long seed) {
        Random r = new Random(seed);
        List<ImuSample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ImuSample(i / rateHz, new Vec3(d4(r.nextGaussian() * 0.2), d4(1 + r.nextGaussian() * 0.1), d4(r.nextGaussian() * 0.2)),
                    new Vec3(d4(r.nextGaussian() * 30), d4(r.nextGaussian() * 30), d4(r.nextGaussian() * 30))));
        }
        return out;
    }

    static double d4(double v) { return Math.round(v * 1e4) / 1e4; }

    static byte[] ximu3AsciiStream(List<ImuSample> samples, long firstUs, double rateHz) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < samples.size(); i++) {
            sb.append(ximu3AsciiLine(firstUs + Math.round(i * 1e6 / rateHz), samples.get(i)));
            if (i % 50 == 7) sb.append("Q,").append(firstUs + Math.round(i * 1e6 / rateHz)).append(",1.0000,0.0000,0.0000,0.0000\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] ximu3BinaryMessage(long timestampUs, ImuSample s) {
        ByteBuffer b = ByteBuffer.allocate(33).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0xC9).putLong(timestampUs);
        b.putFloat((float) s.gyroDps().x()).putFloat((float) s.gyroDps().y()).putFloat((float) s.gyroDps().z());
        b.putFloat((float) s.accG().x()).putFloat((float) s.accG().y()).putFloat((float) s.accG().z());
        return slip(b.array());
    }

    static byte[] slip(byte[] m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte x : m) {
            int v = x & 0xFF;
            if (v == 0x0A) { out.write(0xDB); out.write(0xDC); }
            else if (v == 0xDB) { out.write(0xDB); out.write(0xDD); }
            else out.write(v);
        }
        out.write(0x0A);
        return out.toByteArray();
    }

    static byte[] ximu3BinaryStream(List<ImuSample> samples, long firstUs, double rateHz) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < samples.size(); i++) {
            out.writeBytes(ximu3BinaryMessage(firstUs + Math.round(i * 1e6 / rateHz), samples.get(i)));
            if (i % 50 == 7) {
                ByteBuffer q = ByteBuffer.allocate(25).order(ByteOrder.LITTLE_ENDIAN);
                q.put((byte) 0xD1).putLong(firstUs).putFloat(1).putFloat(0).putFloat(0).putFloat(0);
                out.writeBytes(slip(q.array()));
            }
        }
        return out.toByteArray();
    }

    // ---------------- CSV lines ----------------

    static byte[] csvLinesStream(List<ImuSample> samples, long firstMs, double rateHz) {
        StringBuilder sb = new StringBuilder("millis,ax,ay,az,gx,gy,gz\n");
        for (int i = 0; i < samples.size(); i++) {
            ImuSample s = samples.get(i);
            sb.append(String.format(Locale.ROOT, "%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f\n", firstMs + Math.round(i * 1000 / rateHz),
                    s.accG().x(), s.accG().y(), s.accG().z(), s.gyroDps().x(), s.gyroDps().y(), s.gyroDps().z()));
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    // ---------------- helpers ----------------

    /** Collects what a decoder emits. */
    static final class Collector implements SampleSink {
        final List<ImuSample> samples = new ArrayList<>();
        final List<DeviceInfo> infos = new ArrayList<>();
        final List<DeviceStatus> statuses = new ArrayList<>();

        @Override public void sample(ImuSample s) { samples.add(s); }
        @Override public void deviceInfo(DeviceInfo i) { infos.add(i); }
        @Override public void deviceStatus(DeviceStatus s) { statuses.add(s); }
    }

    static Collector decodeAll(SampleDecoder d, byte[] stream) {
        Collector c = new Collector();
        d.decode(stream, 0, stream.length, c);
        d.finish(c);
        return c;
    }

    /** Feeds the stream in pieces of random sizes 1..maxPiece. */
    static Collector decodeInPieces(SampleDecoder d, byte[] stream, long seed, int maxPiece) {
        Collector c = new Collector();
        Random r = new Random(seed);
        int i = 0;
        while (i < stream.length) {
            int n = Math.min(stream.length - i, 1 + r.nextInt(maxPiece));
            d.decode(stream, i, n, c);
            i += n;
        }
        d.finish(c);
        return c;
    }

    static boolean sameValues(ImuSample a, ImuSample b, double tol) {
        return close(a.accG(), b.accG(), tol) && close(a.gyroDps(), b.gyroDps(), tol)
                && (a.magUt() == null) == (b.magUt() == null) && (a.magUt() == null || close(a.magUt(), b.magUt(), tol));
    }

    static boolean close(Vec3 a, Vec3 b, double tol) {
        return Math.abs(a.x() - b.x()) <= tol && Math.abs(a.y() - b.y()) <= tol && Math.abs(a.z() - b.z()) <= tol;
    }
}
