package org.hiphike.live;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.PipelineState;
import org.hiphike.recording.LiveCsvRecorder;
import org.hiphike.source.SourceStatus;
import org.hiphike.web.LiveSession;

/**
 * Records a live session's samples to a CSV v1 file of the user's choosing ({@code hiphike record -o}),
 * as the sensor sent them (before any axis remap), flushed at least once a second. The file is created
 * at the first sample, headed with the metadata then known. A failure (full disk, unwritable path) is
 * told once through {@code onFailure} and stops only the recording, never the session.
 */
public final class CsvFileRecorder implements LiveSession.Listener, AutoCloseable {
    private final Path csv;
    private final Supplier<Map<String, String>> metadata;
    private final Consumer<String> onFailure;
    private LiveCsvRecorder recorder;
    private boolean tried;
    private String failure;

    /**
     * @param csv       the file
     * @param metadata  the CSV metadata, asked at the first sample (when the protocol and device are known)
     * @param onFailure told once why recording stopped
     */
    public CsvFileRecorder(Path csv, Supplier<Map<String, String>> metadata, Consumer<String> onFailure) {
        this.csv = csv;
        this.metadata = metadata;
        this.onFailure = onFailure;
    }

    @Override
    public synchronized void sample(ImuSample raw, PipelineState state) {
        if (!tried) {
            tried = true;
            try {
                recorder = new LiveCsvRecorder(csv, metadata.get(), raw.hasMagnetometer(), System::nanoTime);
            } catch (IOException | RuntimeException e) {
                failed("cannot record to " + csv + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                        + "; the session goes on without recording");
                return;
            }
        }
        if (recorder == null) return;
        if (!recorder.write(raw)) {
            failed(recorder.failure());
            recorder = null;
        }
    }

    /** A device that went away may stay away: what was received goes to disk now. */
    @Override
    public synchronized void status(SourceStatus status) {
        if (recorder != null && status.state() != SourceStatus.State.STREAMING) recorder.flush();
    }

    private void failed(String message) {
        failure = message;
        onFailure.accept(message);
    }

    /** Why recording stopped, or null. */
    public synchronized String failure() { return failure; }

    public Path path() { return csv; }

    @Override
    public synchronized void close() {
        if (recorder == null) return;
        recorder.close();
        if (recorder.failure() != null && failure == null) failed(recorder.failure());
        recorder = null;
    }
}
