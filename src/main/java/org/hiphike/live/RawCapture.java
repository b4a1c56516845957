package org.hiphike.live;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The bytes a sensor sent, written to a file as they arrive (a capture that {@code hiphike convert} and
 * {@code analyze} read), flushed at least once a second. A write failure stops the capture and is
 * reported once through {@code onFailure}; it never stops the session.
 */
public final class RawCapture implements AutoCloseable {
    private static final long FLUSH_INTERVAL_NS = 1_000_000_000L;

    private final Path path;
    private final Consumer<String> onFailure;
    private OutputStream out;
    private long lastFlushNs = System.nanoTime();
    private long bytes;

    public RawCapture(Path path, Consumer<String> onFailure) throws IOException {
        this.path = path;
        this.onFailure = onFailure;
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
    }

    /** Appends bytes; on the reading thread. */
    public synchronized void bytes(byte[] buf, int len) {
        if (out == null) return;
        try {
            out.write(buf, 0, len);
            bytes += len;
            long now = System.nanoTime();
            if (now - lastFlushNs >= FLUSH_INTERVAL_NS) {
                out.flush();
                lastFlushNs = now;
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(IOException e) {
        try {
            out.close();
        } catch (IOException ignored) {
            // already failing
        }
        out = null;
        onFailure.accept("raw capture to " + path + " stopped after " + bytes + " bytes: "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + " (disk full or not writable?)");
    }

    public Path path() { return path; }

    public synchronized long bytesWritten() { return bytes; }

    @Override
    public synchronized void close() {
        if (out == null) return;
        try {
            out.close();
        } catch (IOException e) {
            fail(e);
        }
        out = null;
    }
}
