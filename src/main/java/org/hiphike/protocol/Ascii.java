package org.hiphike.protocol;

import java.nio.charset.StandardCharsets;

/** Allocation-free parsing of decimal numbers in byte buffers. */
final class Ascii {
    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) { POW10[i] = p; p *= 10; }
    }

    private Ascii() {}

    /**
     * Parses {@code [-+]digits[.digits][(e|E)[-+]digits]} from {@code b[from..to)}; NaN when the bytes are
     * not exactly one such number. Correctly rounded for up to 15 significant digits (exact power-of-ten
     * division); longer numbers fall back to {@link Double#parseDouble}.
     */
    static double parseDouble(byte[] b, int from, int to) {
        int i = from;
        if (i >= to) return Double.NaN;
        boolean negative = false;
        if (b[i] == '-' || b[i] == '+') { negative = b[i] == '-'; i++; }
        long mantissa = 0;
        int digits = 0;
        int fractionDigits = 0;
        boolean any = false;
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            if (digits < 18) { mantissa = mantissa * 10 + (b[i] - '0'); if (mantissa != 0) digits++; }
            else return slow(b, from, to);
            any = true;
            i++;
        }
        if (i < to && b[i] == '.') {
            i++;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                if (digits < 18) { mantissa = mantissa * 10 + (b[i] - '0'); if (mantissa != 0) digits++; fractionDigits++; }
                else return slow(b, from, to);
                any = true;
                i++;
            }
        }
        if (!any) return Double.NaN;
        int exponent = 0;
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negExp = false;
            if (i < to && (b[i] == '-' || b[i] == '+')) { negExp = b[i] == '-'; i++; }
            if (i >= to) return Double.NaN;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                if (exponent < 1000) exponent = exponent * 10 + (b[i] - '0');
                i++;
            }
            if (negExp) exponent = -exponent;
        }
        if (i != to) return Double.NaN;
        int scale = exponent - fractionDigits;
        double v;
        if (digits > 15 || scale < -22 || scale > 22) return slow(b, from, to);
        v = scale >= 0 ? mantissa * POW10[scale] : mantissa / POW10[-scale];
        return negative ? -v : v;
    }

    private static double slow(byte[] b, int from, int to) {
        try {
            return Double.parseDouble(new String(b, from, to - from, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Parses an unsigned decimal integer; -1 when the bytes are not one (or it exceeds 18 digits). */
    static long parseUnsigned(byte[] b, int from, int to) {
        if (from >= to || to - from > 18) return -1;
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return -1;
            v = v * 10 + d;
        }
        return v;
    }
}
