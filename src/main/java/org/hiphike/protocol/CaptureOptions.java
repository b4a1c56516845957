package org.hiphike.protocol;

import java.util.OptionalDouble;

/**
 * How to read a capture file.
 *
 * @param rateHz    output sample rate in Hz; required for protocols without timestamps
 *                  (WitMotion, CSV lines without a time column), otherwise it overrides the
 *                  {@code rate_hz} written to the metadata
 * @param csvFormat columns and units for {@link Protocol#CSV_LINES}
 * @param detectBytes how many leading bytes protocol detection looks at
 */
public record CaptureOptions(OptionalDouble rateHz, CsvLinesFormat csvFormat, int detectBytes) {
    public static final CaptureOptions DEFAULT =
            new CaptureOptions(OptionalDouble.empty(), CsvLinesFormat.DEFAULT, ProtocolDetector.DEFAULT_HEAD_BYTES);

    public CaptureOptions {
        if (rateHz.isPresent() && !(rateHz.getAsDouble() > 0 && Double.isFinite(rateHz.getAsDouble()))) {
            throw new IllegalArgumentException("rate must be a number > 0 Hz, got " + rateHz.getAsDouble());
        }
        if (detectBytes < 64) throw new IllegalArgumentException("detection needs at least 64 bytes");
    }

    public CaptureOptions withRateHz(double hz) { return new CaptureOptions(OptionalDouble.of(hz), csvFormat, detectBytes); }

    public CaptureOptions withCsvFormat(CsvLinesFormat f) { return new CaptureOptions(rateHz, f, detectBytes); }

    DecoderOptions decoderOptions() { return new DecoderOptions(rateHz, csvFormat); }
}
