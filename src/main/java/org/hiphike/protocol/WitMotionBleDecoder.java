package org.hiphike.protocol;

/**
 * Decoder of the WitMotion Bluetooth LE protocol (BWT901BLE, WT901BLECL and similar): 20-byte packets
 * {@code 0x55 0x61} followed by acceleration x, y, z, angular velocity x, y, z and angle (roll, pitch,
 * yaw) as int16 little-endian: acceleration / 32768 × 16 g, angular velocity / 32768 × 2000 °/s,
 * angle / 32768 × 180° (not used). {@code 0x55 0x71} register-read replies (also 20 bytes) are counted
 * as unknown messages.
 * <p>
 * The packets carry no checksum. A packet is accepted when it starts with the header, has its length,
 * and the next packet's header follows right after it (the last packet of a stream is confirmed by
 * {@link #finish}). Corruption inside the 18 data bytes of a well-framed packet cannot be detected;
 * every int16 value is a legal reading. Time is rebuilt from the rate, as for the serial protocol.
 */
public final class WitMotionBleDecoder extends AbstractDecoder {
    static final int PACKET = 20;
    static final int TYPE_DATA = 0x61;
    static final int TYPE_REGISTER = 0x71;
    private static final double ACC_SCALE = 16 / 32768.0;
    private static final double GYRO_SCALE = 2000 / 32768.0;

    private final byte[] pkt = new byte[PACKET + 2];
    private int n;
    private boolean inSync;
    private long pos;
    private final RebuiltClock time;

    public WitMotionBleDecoder(double rateHz) {
        super(DeviceClock.none());
        this.time = new RebuiltClock(rateHz);
    }

    @Override
    public Protocol protocol() { return Protocol.WITMOTION_BLE; }

    @Override
    public TimeSource timeSource() { return TimeSource.REBUILT; }

    public double rateHz() { return time.rateHz(); }

    private static boolean header(byte[] p, int i) {
        int t = p[i + 1] & 0xFF;
        return p[i] == 0x55 && (t == TYPE_DATA || t == TYPE_REGISTER);
    }

    @Override
    public void decode(byte[] buf, int off, int len, SampleSink sink) {
        bytes += len;
        final byte[] pkt = this.pkt;
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte b = buf[i];
            pos++;
            if (n == 0 && b != 0x55) { skippedBytes++; time.markBad(); continue; }
            pkt[n++] = b;
            if (n == 2 && !header(pkt, 0)) { bad(); continue; }
            if (n < PACKET + 2) continue;
            if (header(pkt, PACKET)) {
                packet(sink, pos - 2);
                pkt[0] = pkt[PACKET];
                pkt[1] = pkt[PACKET + 1];
                n = 2;
                inSync = true;
            } else {
                bad();
            }
        }
    }

    private void bad() {
        if (inSync) badFrames++;
        inSync = false;
        time.markBad();
        int k = 1;
        while (k < n && pkt[k] != 0x55) k++;
        skippedBytes += k;
        System.arraycopy(pkt, k, pkt, 0, n - k);
        n -= k;
        if (n >= 2 && !header(pkt, 0)) bad();
    }

    @Override
    public void finish(SampleSink sink) {
        if (n == PACKET && header(pkt, 0)) {
            packet(sink, pos);
        } else if (n > 0) {
            skippedBytes += n;
            if (inSync) badFrames++;
        }
        n = 0;
        inSync = false;
    }

    private void packet(SampleSink sink, long endPos) {
        frames++;
        frameBytes += PACKET;
        if ((pkt[1] & 0xFF) != TYPE_DATA) {
            unknownMessages++;
            return;
        }
        double t = time.next(endPos);
        lostFrames = time.lost();
        if (emit(sink, t, Bytes.i16(pkt, 2) * ACC_SCALE, Bytes.i16(pkt, 4) * ACC_SCALE, Bytes.i16(pkt, 6) * ACC_SCALE,
                Bytes.i16(pkt, 8) * GYRO_SCALE, Bytes.i16(pkt, 10) * GYRO_SCALE, Bytes.i16(pkt, 12) * GYRO_SCALE)) {
            time.advance();
        }
    }
}
