package org.hiphike.recording;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongSupplier;
import org.hiphike.core.ImuSample;

/**
 * Writes CSV v1 while a session runs, flushing at least once a second of wall time so that a
 * crash or {@code kill -9} loses at most the last second. A write failure (full disk, the file
 * taken away) never reaches the caller as an exception: the recorder stops, keeps what it had
 * flushed, and says what went wrong through {@link #failure()}, so the live view goes on.
 */
public final class LiveCsvRecorder implements AutoCloseable {
    private static final long FLUSH_INTERVAL_NS = 1_000_000_000L;

    private final Path path;
    private final LongSupplier nanoClock;
    private CsvRecordingWriter writer;
    private long lastFlushNs;
    private long samplesWritten;
    private String failure;

    /**
     * Creates the file (and its folder) and writes the header.
     *
     * @param nanoClock wall clock in nanoseconds (System::nanoTime; tests pass their own)
     */
    public LiveCsvRecorder(Path path, Map<String, String> metadata, boolean withMagnetometer, LongSupplier nanoClock)
            throws IOException {
        this.path = path;
        this.nanoClock = nanoClock;
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Writer out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        this.writer = new CsvRecordingWriter(out, metadata, withMagnetometer);
        writer.flush();
        lastFlushNs = nanoClock.getAsLong();
    }

    public LiveCsvRecorder(Path path, Map<String, String> metadata) throws IOException {
        this(path, metadata, false, System::nanoTime);
    }

    /** Appends a sample; false once the recorder has failed (see {@link #failure()}). */
    public boolean write(ImuSample sample) {
        if (writer == null) return false;
        try {
            writer.write(sample);
            samplesWritten++;
            long now = nanoClock.getAsLong();
            if (now - lastFlushNs >= FLUSH_INTERVAL_NS) {
                writer.flush();
                lastFlushNs = now;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            fail(e);
            return false;
        }
    }

    /** Flushes now (for example when a session pauses). */
    public void flush() {
        if (writer == null) return;
        try {
            writer.flush();
            lastFlushNs = nanoClock.getAsLong();
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(Exception e) {
        failure = "recording to " + path + " stopped after " + samplesWritten + " samples: "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                + " (disk full or not writable?); the samples before that are kept";
        try {
            writer.close();
        } catch (IOException ignored) {
            // already failing; the message above says what happened
        }
        writer = null;
    }

    public Path path() { return path; }

    public long samplesWritten() { return samplesWritten; }

    /** What went wrong, or null while recording works. */
    public String failure() { return failure; }

    @Override
    public void close() {
        if (writer == null) return;
        try {
            writer.close();
        } catch (IOException e) {
            fail(e);
        }
        writer = null;
    }
}
