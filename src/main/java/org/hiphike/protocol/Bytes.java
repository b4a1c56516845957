package org.hiphike.protocol;

/** Little-endian reads from byte arrays. */
final class Bytes {
    private Bytes() {}

    static int u8(byte[] b, int i) { return b[i] & 0xFF; }

    static int u16(byte[] b, int i) { return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8; }

    static int i16(byte[] b, int i) { return (short) u16(b, i); }

    static long u32(byte[] b, int i) {
        return ((b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (long) (b[i + 3] & 0xFF) << 24);
    }

    static int i32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    static long u64(byte[] b, int i) {
        return (u32(b, i)) | (u32(b, i + 4) << 32);
    }

    static float f32(byte[] b, int i) { return Float.intBitsToFloat(i32(b, i)); }

    /** ASCII text of a 0x00-padded {@code char[n]} field, without the padding. */
    static String ascii(byte[] b, int i, int n) {
        int end = i;
        while (end < i + n && b[end] != 0) end++;
        StringBuilder sb = new StringBuilder(end - i);
        for (int k = i; k < end; k++) {
            int c = b[k] & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return sb.toString();
    }
}
