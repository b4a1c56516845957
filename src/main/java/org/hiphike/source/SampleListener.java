package org.hiphike.source;

import org.hiphike.core.ImuSample;

/** Receives what a {@link SampleSource} delivers, on the source's thread. */
public interface SampleListener {
    void sample(ImuSample sample);

    default void status(SourceStatus status) {}
}
