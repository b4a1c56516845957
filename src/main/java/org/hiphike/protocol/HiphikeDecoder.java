package org.hiphike.protocol;

import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Decoder of the hiphike protocol, version 1.x (firmware-protocol/PROTOCOL.md): COBS frames delimited
 * by 0x00, each {@code msg_id u8, seq u16, payload, crc u16} with CRC-16/CCITT-FALSE, little-endian.
 * Follows the reader algorithm of PROTOCOL.md section 11, byte for byte, without allocation except for
 * the samples and device messages it emits.
 */
public final class HiphikeDecoder extends AbstractDecoder {
    public static final int MSG_HELLO = 0x01;
    public static final int MSG_IMU = 0x02;
    public static final int MSG_STATUS = 0x03;
    /** Largest decoded frame, bytes. */
    public static final int MAX_FRAME = 256;
    /** Largest encoded frame before its delimiter, bytes. */
    public static final int MAX_ENCODED = 258;
    public static final int SUPPORTED_MAJOR = 1;
    static final int HELLO_LENGTH = 75;
    static final int STATUS_LENGTH = 19;

    /** The error classes of PROTOCOL.md section 3.3. */
    public enum FrameError { COBS_ERROR, TOO_LONG, TOO_SHORT, CRC_MISMATCH, UNKNOWN_ID, BAD_LENGTH, TRUNCATED }

    /** Frame-level events, for conformance tests and diagnostics. */
    public interface FrameListener {
        /**
         * A frame passed COBS and CRC; {@code msgId} and {@code seq} as sent, {@code lostBefore} frames missing
         * before it by the sequence number. An {@link FrameError#UNKNOWN_ID} or {@link FrameError#BAD_LENGTH}
         * error right after it is about this frame.
         */
        void frame(int msgId, int seq, long lostBefore);

        void error(FrameError error);

        /** The device timestamp of an IMU sample, unwrapped to 64 bits as in PROTOCOL.md 9.3. */
        default void imuTimestamp(long unwrappedUs) {}
    }

    /**
     * Counters named as in PROTOCOL.md section 3.3 and vectors/README.md; {@code frames} counts every
     * frame with a correct CRC, including unknown-id and bad-length ones.
     */
    public record Counters(long frames, long cobsErrors, long tooLong, long tooShort, long crcErrors, long truncated,
                           long unknownIds, long badLength, long lostFrames) {}

    private static final FrameListener NO_LISTENER = new FrameListener() {
        @Override public void frame(int msgId, int seq, long lostBefore) {}
        @Override public void error(FrameError error) {}
    };

    private final byte[] enc = new byte[MAX_ENCODED];
    private final byte[] dec = new byte[MAX_FRAME + 2];
    private int encLen;
    private boolean overflow;
    private boolean haveExpected;
    private int expectedSeq;
    private final long[] errors = new long[FrameError.values().length];
    private FrameListener listener = NO_LISTENER;
    private DeviceInfo deviceInfo;
    private DeviceStatus deviceStatus;
    private String unsupportedVersion;
    private long crcFrames;
    private boolean haveTimestamp;
    private long previousTimestampUs;
    private long time64Us;

    public HiphikeDecoder() {
        super(DeviceClock.checked(1e-6));
    }

    public HiphikeDecoder withListener(FrameListener listener) {
        this.listener = listener == null ? NO_LISTENER : listener;
        return this;
    }

    @Override
    public Protocol protocol() { return Protocol.HIPHIKE; }

    @Override
    public TimeSource timeSource() { return TimeSource.DEVICE; }

    @Override
    public Optional<DeviceInfo> deviceInfo() { return Optional.ofNullable(deviceInfo); }

    @Override
    public Optional<DeviceStatus> deviceStatus() { return Optional.ofNullable(deviceStatus); }

    /** When a HELLO announced a major version this reader does not know: {@code major.minor}; decoding stopped. */
    public Optional<String> unsupportedVersion() { return Optional.ofNullable(unsupportedVersion); }

    public Counters counters() {
        return new Counters(crcFrames, errors[FrameError.COBS_ERROR.ordinal()], errors[FrameError.TOO_LONG.ordinal()],
                errors[FrameError.TOO_SHORT.ordinal()], errors[FrameError.CRC_MISMATCH.ordinal()],
                errors[FrameError.TRUNCATED.ordinal()], errors[FrameError.UNKNOWN_ID.ordinal()],
                errors[FrameError.BAD_LENGTH.ordinal()], lostFrames);
    }

    @Override
    public void decode(byte[] buf, int off, int len, SampleSink sink) {
        bytes += len;
        if (unsupportedVersion != null) {
            skippedBytes += len;
            return;
        }
        final byte[] enc = this.enc;
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte b = buf[i];
            if (b != 0) {
                if (encLen < MAX_ENCODED) enc[encLen++] = b;
                else { overflow = true; skippedBytes++; }
                continue;
            }
            if (overflow) {
                error(FrameError.TOO_LONG);
                skippedBytes += encLen + 1;
                overflow = false;
                encLen = 0;
                continue;
            }
            if (encLen == 0) continue;           // idle delimiter
            int n = encLen;
            encLen = 0;
            frame(n, sink);
            if (unsupportedVersion != null) {
                skippedBytes += end - i - 1;
                return;
            }
        }
    }

    @Override
    public void finish(SampleSink sink) {
        if (encLen > 0 || overflow) {
            error(FrameError.TRUNCATED);
            skippedBytes += encLen;
        }
        encLen = 0;
        overflow = false;
    }

    private void error(FrameError e) {
        errors[e.ordinal()]++;
        if (e == FrameError.UNKNOWN_ID) unknownMessages++;
        else badFrames++;
        listener.error(e);
    }

    private void frame(int encodedLength, SampleSink sink) {
        int n = cobsDecode(enc, encodedLength, dec);
        if (n == DECODES_TOO_LONG) {
            // PROTOCOL.md 3.3: a piece that decodes to more than 256 bytes is too_long
            error(FrameError.TOO_LONG);
            skippedBytes += encodedLength + 1;
            return;
        }
        if (n < 0) {
            error(FrameError.COBS_ERROR);
            skippedBytes += encodedLength + 1;
            return;
        }
        if (n < 5) {
            error(FrameError.TOO_SHORT);
            skippedBytes += encodedLength + 1;
            return;
        }
        int crc = Bytes.u16(dec, n - 2);
        if (Crc16.ccittFalse(dec, 0, n - 2) != crc) {
            error(FrameError.CRC_MISMATCH);
            skippedBytes += encodedLength + 1;
            return;
        }
        frameBytes += encodedLength + 1;
        crcFrames++;
        int id = dec[0] & 0xFF;
        int seq = Bytes.u16(dec, 1);
        long lostBefore = 0;
        if (haveExpected && id != MSG_HELLO && seq != expectedSeq) {
            lostBefore = (seq - expectedSeq) & 0xFFFF;
            lostFrames += lostBefore;
        }
        haveExpected = true;
        expectedSeq = (seq + 1) & 0xFFFF;
        listener.frame(id, seq, lostBefore);
        int payloadLength = n - 5;
        switch (id) {
            case MSG_IMU -> imu(payloadLength, sink);
            case MSG_HELLO -> hello(payloadLength, sink);
            case MSG_STATUS -> status(payloadLength, sink);
            default -> {
                int needed = neededLength(id, payloadLength);
                if (needed < 0) error(FrameError.UNKNOWN_ID);
                else if (payloadLength < needed) error(FrameError.BAD_LENGTH);
                else frames++;                  // a host command or a reply: known, nothing to decode here
            }
        }
    }

    /** Payload bytes a command or reply needs (PROTOCOL.md section 8); negative for an unknown id. */
    private int neededLength(int id, int payloadLength) {
        if (id >= 0xC0) {
            if (payloadLength < 3) return 3;
            boolean ok = dec[3] == 0;
            return switch (id & 0x7F) {
                case 0x42 -> ok ? 8 : 3;        // SET_RATE: rate f32, batch u8
                case 0x44 -> ok ? 11 : 3;       // TIME_SYNC: host token u32, device timestamp u32
                default -> 3;
            };
        }
        return switch (id) {
            case 0x40, 0x41, 0x45, 0x46 -> 0;   // START, STOP, GET_INFO, GET_STATUS
            case 0x42 -> 5;                     // SET_RATE
            case 0x43 -> 2;                     // IDENTIFY
            case 0x44 -> 4;                     // TIME_SYNC
            default -> -1;
        };
    }

    /** PROTOCOL.md 9.3: a 64-bit time from the wrapping u32 microsecond timestamp. */
    private long unwrap(long timestampUs) {
        if (!haveTimestamp) {
            haveTimestamp = true;
            time64Us = timestampUs;
        } else {
            long delta = (timestampUs - previousTimestampUs) & 0xFFFFFFFFL;
            if (delta < 0x80000000L) time64Us += delta;
            else time64Us -= 0x100000000L - delta;
        }
        previousTimestampUs = timestampUs;
        return time64Us;
    }

    static final int DECODES_TOO_LONG = -2;

    /**
     * Decodes COBS from {@code in[0..n)} into {@code out}; returns the decoded length, -1 on a COBS error,
     * or {@link #DECODES_TOO_LONG} when the frame would decode to more than {@link #MAX_FRAME} bytes.
     */
    static int cobsDecode(byte[] in, int n, byte[] out) {
        int r = 0;
        int w = 0;
        while (r < n) {
            int code = in[r] & 0xFF;
            if (code == 0) return -1;
            int groupEnd = r + code;
            if (groupEnd > n) return -1;         // code byte runs past the delimiter
            int copy = code - 1;
            if (w + copy > MAX_FRAME) return DECODES_TOO_LONG;
            System.arraycopy(in, r + 1, out, w, copy);
            w += copy;
            r = groupEnd;
            if (code < 0xFF && r < n) {
                if (w >= MAX_FRAME) return DECODES_TOO_LONG;
                out[w++] = 0;
            }
        }
        return w;
    }

    private void imu(int len, SampleSink sink) {
        final byte[] d = dec;
        final int p = 3;
        if (len < 2) { error(FrameError.BAD_LENGTH); return; }
        int count = d[p] & 0xFF;
        int flags = d[p + 1] & 0xFF;
        boolean mag = (flags & 1) != 0;
        int stride = mag ? 40 : 28;
        int maxCount = mag ? 6 : 8;
        if ((flags & 0xFE) != 0 || count < 1 || count > maxCount || len < 2 + count * stride) {
            error(FrameError.BAD_LENGTH);
            return;
        }
        int floats = mag ? 9 : 6;
        for (int s = 0; s < count; s++) {
            int o = p + 2 + s * stride + 4;
            for (int k = 0; k < floats; k++) {
                if (!Float.isFinite(Bytes.f32(d, o + 4 * k))) { error(FrameError.BAD_LENGTH); return; }
            }
        }
        frames++;
        for (int s = 0; s < count; s++) {
            int o = p + 2 + s * stride;
            long unwrapped = unwrap(Bytes.u32(d, o));
            listener.imuTimestamp(unwrapped);
            clock.accept(unwrapped);
            double t = clock.timeS();
            if (mag) {
                emit(sink, t, Bytes.f32(d, o + 4), Bytes.f32(d, o + 8), Bytes.f32(d, o + 12),
                        Bytes.f32(d, o + 16), Bytes.f32(d, o + 20), Bytes.f32(d, o + 24),
                        Bytes.f32(d, o + 28), Bytes.f32(d, o + 32), Bytes.f32(d, o + 36));
            } else {
                emit(sink, t, Bytes.f32(d, o + 4), Bytes.f32(d, o + 8), Bytes.f32(d, o + 12),
                        Bytes.f32(d, o + 16), Bytes.f32(d, o + 20), Bytes.f32(d, o + 24));
            }
        }
    }

    private void hello(int len, SampleSink sink) {
        final byte[] d = dec;
        final int p = 3;
        if (len < 2) { error(FrameError.BAD_LENGTH); return; }
        int major = d[p] & 0xFF;
        int minor = d[p + 1] & 0xFF;
        if (major != SUPPORTED_MAJOR) {
            frames++;
            unsupportedVersion = major + "." + minor;
            return;
        }
        if (len < HELLO_LENGTH) { error(FrameError.BAD_LENGTH); return; }
        frames++;
        int caps = d[p + 5] & 0xFF;
        Set<DeviceInfo.Capability> capabilities = EnumSet.noneOf(DeviceInfo.Capability.class);
        for (DeviceInfo.Capability c : DeviceInfo.Capability.values()) {
            if ((caps & (1 << c.ordinal())) != 0) capabilities.add(c);
        }
        deviceInfo = new DeviceInfo(major, minor,
                (d[p + 2] & 0xFF) + "." + (d[p + 3] & 0xFF) + "." + (d[p + 4] & 0xFF),
                capabilities,
                String.format("%016X", Bytes.u64(d, p + 6)),
                Bytes.f32(d, p + 14), Bytes.f32(d, p + 18), Bytes.f32(d, p + 22),
                Bytes.f32(d, p + 26), Bytes.f32(d, p + 30),
                d[p + 34] & 0xFF,
                Bytes.ascii(d, p + 35, 8), Bytes.ascii(d, p + 43, 16), Bytes.ascii(d, p + 59, 16));
        sink.deviceInfo(deviceInfo);
    }

    private void status(int len, SampleSink sink) {
        final byte[] d = dec;
        final int p = 3;
        if (len < STATUS_LENGTH) { error(FrameError.BAD_LENGTH); return; }
        frames++;
        int batteryMv = Bytes.u16(d, p + 12);
        int temperature = Bytes.i16(d, p + 14);
        int percent = d[p + 16] & 0xFF;
        int flags = d[p + 18] & 0xFF;
        deviceStatus = new DeviceStatus(Bytes.u32(d, p), Bytes.u32(d, p + 4), Bytes.f32(d, p + 8),
                batteryMv == 0xFFFF ? OptionalInt.empty() : OptionalInt.of(batteryMv),
                temperature == Short.MIN_VALUE ? OptionalDouble.empty() : OptionalDouble.of(temperature / 100.0),
                percent == 0xFF ? OptionalInt.empty() : OptionalInt.of(percent),
                (d[p + 17] & 0xFF) != 0,
                (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0);
        sink.deviceStatus(deviceStatus);
    }
}
