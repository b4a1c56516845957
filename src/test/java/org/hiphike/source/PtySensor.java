package org.hiphike.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sensor behind a real serial path: a pseudo-terminal whose slave is reached through a symlink
 * (like {@code /dev/serial/by-id/...}) so that it can be "unplugged" (master closed) and "replugged"
 * (a new pty, the symlink re-pointed). Bytes are written to the current master at a pace.
 */
public final class PtySensor implements AutoCloseable {
    private final Path link;
    private volatile Pty pty;
    private volatile boolean stopped;
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong bytesDropped = new AtomicLong();

    public PtySensor(Path folder) throws IOException {
        this.link = folder.resolve("sensor");
        plug();
    }

    /** The path a reader opens. */
    public String path() { return link.toString(); }

    public Pty pty() { return pty; }

    /** Closes the current pty: what a reader sees when the USB cable is pulled. */
    public void unplug() {
        Pty p = pty;
        pty = null;
        if (p != null) p.close();
    }

    /** A new pty behind the same path. */
    public void plug() throws IOException {
        Pty p = Pty.open();
        Path tmp = link.resolveSibling("sensor.new");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, Path.of(p.slavePath()));
        Files.move(tmp, link, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        pty = p;
    }

    /** Writes bytes now; while unplugged they are lost, as a sensor's output is when no host listens. */
    public void write(byte[] b, int off, int len) {
        Pty p = pty;
        if (p == null) {
            bytesDropped.addAndGet(len);
            return;
        }
        try {
            p.write(java.util.Arrays.copyOfRange(b, off, off + len));
            bytesWritten.addAndGet(len);
        } catch (IOException e) {
            bytesDropped.addAndGet(len);
        }
    }

    /**
     * Writes {@code stream} on a daemon thread at {@code bytesPerSecond}, in chunks of {@code chunk} bytes,
     * paced on the wall clock (a stream of samples at their real rate).
     */
    public Thread playPaced(byte[] stream, double bytesPerSecond, int chunk) {
        Thread t = new Thread(() -> {
            long t0 = System.nanoTime();
            for (int off = 0; off < stream.length && !stopped; off += chunk) {
                long due = t0 + (long) (off / bytesPerSecond * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait); // pacing, not synchronisation
                write(stream, off, Math.min(chunk, stream.length - off));
            }
        }, "pty-sensor-writer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** {@code stream} cut after each 0x00 delimiter: the frames of a hiphike stream. */
    public static java.util.List<byte[]> hiphikeFrames(byte[] stream) {
        java.util.List<byte[]> frames = new java.util.ArrayList<>();
        int start = 0;
        for (int i = 0; i < stream.length; i++) {
            if (stream[i] == 0) {
                frames.add(java.util.Arrays.copyOfRange(stream, start, i + 1));
                start = i + 1;
            }
        }
        return frames;
    }

    private final AtomicLong framesWritten = new AtomicLong();

    /** Writes one frame every {@code 1 / framesPerSecond} s on a daemon thread; {@link #framesWritten()} counts them. */
    public Thread playFrames(java.util.List<byte[]> frames, double framesPerSecond) {
        Thread t = new Thread(() -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < frames.size() && !stopped; i++) {
                long wait = t0 + (long) (i / framesPerSecond * 1e9) - System.nanoTime();
                if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait); // pacing, not synchronisation
                byte[] f = frames.get(i);
                write(f, 0, f.length);
                framesWritten.incrementAndGet();
                synchronized (framesWritten) {
                    framesWritten.notifyAll();
                }
            }
        }, "pty-sensor-frames");
        t.setDaemon(true);
        t.start();
        return t;
    }

    public long framesWritten() { return framesWritten.get(); }

    /** Waits until {@code count} frames have been written, at most {@code timeoutMs}; false on timeout. */
    public boolean awaitFrames(long count, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        synchronized (framesWritten) {
            while (framesWritten.get() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                framesWritten.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /**
     * Bridges a process's stdout (a virtual sensor writing frames) to the pty, and what the reader sends
     * (host commands) to its stdin.
     */
    public Thread bridge(Process process) {
        Thread out = new Thread(() -> {
            byte[] buf = new byte[4096];
            try (InputStream in = process.getInputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) write(buf, 0, n);
            } catch (IOException ignored) {
                // process ended
            }
        }, "pty-sensor-bridge-out");
        out.setDaemon(true);
        out.start();
        Thread cmd = new Thread(() -> {
            byte[] buf = new byte[256];
            OutputStream stdin = process.getOutputStream();
            while (!stopped && process.isAlive()) {
                Pty p = pty;
                if (p == null) {
                    Thread.onSpinWait();
                    java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
                    continue;
                }
                int n = p.read(buf, 50);
                if (n == 0) continue;
                if (n < 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
                    continue;
                }
                try {
                    stdin.write(buf, 0, n);
                    stdin.flush();
                } catch (IOException e) {
                    return;
                }
            }
        }, "pty-sensor-bridge-in");
        cmd.setDaemon(true);
        cmd.start();
        return out;
    }

    public long bytesWritten() { return bytesWritten.get(); }

    @Override
    public void close() {
        stopped = true;
        unplug();
    }
}
