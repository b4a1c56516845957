package org.hiphike.source;

import java.io.IOException;
import java.util.Map;

/**
 * A stream of samples from somewhere: a recording replayed at a pace, the simulated sensor, a
 * serial port. From the first delivered sample on, every source feeds the same pipeline.
 *
 * <p>{@link #run} delivers on the calling thread until the source ends or {@link #close()} is
 * called from another thread; a source that loses its device reports {@link SourceStatus.State#LOST}
 * and keeps trying rather than returning.
 */
public interface SampleSource extends AutoCloseable {

    /** Delivers samples and status changes to the listener until the source ends or is closed. */
    void run(SampleListener listener) throws IOException;

    /** A short human description ("replay of samples/x.csv at 2x", "/dev/ttyUSB0 (WitMotion, 100 Hz)"). */
    String description();

    /**
     * What is known about the device, as CSV v1 metadata keys: {@code sensor}, {@code rate_hz},
     * {@code protocol}, {@code time_source} ({@code device} or {@code rebuilt}), {@code device_id},
     * {@code firmware}; only the known ones. Asked once samples flow, when a serial source has detected
     * its protocol and heard the device's HELLO.
     */
    default Map<String, String> metadata() { return Map.of(); }

    /** Stops {@link #run} soon; safe to call from any thread, more than once. */
    @Override
    void close();
}
