package org.hiphike.source;

import org.hiphike.core.ImuSample;
import org.hiphike.recording.Recording;

/** Delivers a recording's samples as fast as the listener takes them; wrap it in {@link PacedSource} to replay in time. */
public final class RecordingSource implements SampleSource {
    private final Recording recording;
    private final String name;
    private volatile boolean closed;

    public RecordingSource(Recording recording, String name) {
        this.recording = recording;
        this.name = name;
    }

    public Recording recording() { return recording; }

    @Override
    public void run(SampleListener listener) {
        listener.status(SourceStatus.of(SourceStatus.State.STREAMING, "replaying " + name));
        for (ImuSample s : recording.samples()) {
            if (closed) break;
            listener.sample(s);
        }
        listener.status(SourceStatus.of(SourceStatus.State.ENDED, closed ? "stopped" : "end of " + name));
    }

    @Override
    public String description() { return "replay of " + name; }

    /** The recording's own sensor and rate. */
    @Override
    public java.util.Map<String, String> metadata() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String key : new String[] {"sensor", "rate_hz", "time_source"}) {
            String v = recording.metadata().get(key);
            if (v != null && !v.isBlank()) m.put(key, v);
        }
        return m;
    }

    @Override
    public void close() { closed = true; }
}
