package org.hiphike.protocol;

import java.util.Optional;

/**
 * Bytes in, samples out, for one sensor protocol. Push-based: feed it whatever the transport delivers
 * (a frame may be split across calls, several frames may come in one). A decoder keeps its state between
 * calls, never throws on bad input, resynchronises after corruption and counts what it dropped
 * ({@link #stats()}). Not thread-safe: one decoder per stream.
 */
public interface SampleDecoder {

    /** Decodes {@code len} bytes of {@code buf} from {@code off}, emitting samples to {@code sink}. */
    void decode(byte[] buf, int off, int len, SampleSink sink);

    default void decode(byte[] buf, SampleSink sink) {
        decode(buf, 0, buf.length, sink);
    }

    /**
     * The stream has ended: emits what can still be emitted and counts a frame cut off by the end.
     * Some decoders hold one sample until the next frame confirms it (WitMotion BLE: the next header;
     * x-IMU3 and CSV lines: the next timestamp), so a live caller sees each sample one frame late.
     */
    default void finish(SampleSink sink) {}

    DecoderStats stats();

    Protocol protocol();

    /** Where the emitted sample times come from. */
    TimeSource timeSource();

    /** The device's self-description, once the stream has carried one. */
    default Optional<DeviceInfo> deviceInfo() { return Optional.empty(); }

    /** The device's latest status report, once the stream has carried one. */
    default Optional<DeviceStatus> deviceStatus() { return Optional.empty(); }
}
