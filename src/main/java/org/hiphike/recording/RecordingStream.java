package org.hiphike.recording;

import java.io.IOException;
import java.util.function.Consumer;
import org.hiphike.core.ImuSample;

/**
 * A recording that can be handed over sample by sample: a file read while it is parsed
 * ({@link CsvRecordingReader#stream}), or a {@link Recording} in memory. Reading one this way keeps no list
 * of its samples.
 */
@FunctionalInterface
public interface RecordingStream {
    /**
     * Hands every sample to {@code sink} in time order, then says what the recording was. A recording found bad
     * part way (or, once read, implausible in its units) throws after some samples were handed over: whatever the
     * sink made of them is to be thrown away.
     */
    RecordingSummary feed(Consumer<ImuSample> sink) throws IOException, RecordingFormatException;
}
