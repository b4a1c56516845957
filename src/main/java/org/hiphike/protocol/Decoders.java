package org.hiphike.protocol;

/** Creates the decoder of a protocol. */
public final class Decoders {
    private Decoders() {}

    /**
     * A new decoder for {@code protocol}.
     *
     * @throws IllegalArgumentException when {@code protocol} needs a rate that {@code options} lacks
     *                                  (CSV lines without a time column)
     */
    public static SampleDecoder create(Protocol protocol, DecoderOptions options) {
        return switch (protocol) {
            case HIPHIKE -> new HiphikeDecoder();
            case WITMOTION_SERIAL -> new WitMotionSerialDecoder(options.rateHz().orElse(WitMotionSerialDecoder.FACTORY_RATE_HZ));
            case WITMOTION_BLE -> new WitMotionBleDecoder(options.rateHz().orElse(WitMotionSerialDecoder.FACTORY_RATE_HZ));
            case XIMU3_ASCII -> new Ximu3AsciiDecoder();
            case XIMU3_BINARY -> new Ximu3BinaryDecoder();
            case CSV_LINES -> {
                CsvLinesFormat f = options.csvFormat();
                if (!f.hasTime() && options.rateHz().isEmpty()) {
                    throw new IllegalArgumentException("CSV lines without a time column need the sample rate");
                }
                yield new CsvLinesDecoder(f, options.rateHz().orElse(1));
            }
        };
    }

    /** Whether the decoder of {@code protocol} with {@code options} rebuilds time from a rate. */
    public static TimeSource timeSource(Protocol protocol, DecoderOptions options) {
        if (protocol == Protocol.CSV_LINES) return options.csvFormat().hasTime() ? TimeSource.DEVICE : TimeSource.REBUILT;
        return protocol.usualTimeSource();
    }
}
