package org.hiphike.protocol;

/** Where the times of decoded samples come from. */
public enum TimeSource {
    /** The device's own timestamps (unwrapped), so gaps and jitter are real. */
    DEVICE("device"),
    /**
     * Rebuilt as {@code n / rateHz} from the configured sample rate, because the protocol carries no
     * timestamp; samples known to be lost are counted in, others are invisible.
     */
    REBUILT("rebuilt");

    private final String metadataValue;

    TimeSource(String metadataValue) { this.metadataValue = metadataValue; }

    /** The value of the {@code time_source} metadata key. */
    public String metadataValue() { return metadataValue; }

    @Override
    public String toString() { return metadataValue; }
}
