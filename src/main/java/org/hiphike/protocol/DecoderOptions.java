package org.hiphike.protocol;

import java.util.OptionalDouble;

/**
 * Settings for creating decoders.
 *
 * @param rateHz    output sample rate in Hz for protocols without timestamps (WitMotion, CSV lines without
 *                  a time column); empty = the sensor's factory default where there is one
 * @param csvFormat columns and units of {@link Protocol#CSV_LINES}
 */
public record DecoderOptions(OptionalDouble rateHz, CsvLinesFormat csvFormat) {
    public static final DecoderOptions DEFAULT = new DecoderOptions(OptionalDouble.empty(), CsvLinesFormat.DEFAULT);

    public DecoderOptions {
        if (rateHz.isPresent() && !(rateHz.getAsDouble() > 0 && Double.isFinite(rateHz.getAsDouble()))) {
            throw new IllegalArgumentException("rate must be a number > 0 Hz, got " + rateHz.getAsDouble());
        }
    }

    public DecoderOptions withRateHz(double hz) { return new DecoderOptions(OptionalDouble.of(hz), csvFormat); }

    public DecoderOptions withCsvFormat(CsvLinesFormat format) { return new DecoderOptions(rateHz, format); }
}
