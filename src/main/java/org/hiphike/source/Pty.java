package org.hiphike.source;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A POSIX pseudo-terminal: the master end stays here, the slave end ({@link #slavePath()},
 * {@code /dev/pts/N}) is opened by path like any serial port. Used to put a virtual sensor behind
 * a real serial path (tests, {@code hiphike bench live}); closing the master is what an unplugged
 * USB adapter looks like to the reader. Linux and macOS.
 */
public final class Pty implements AutoCloseable {
    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int posix_openpt(int flags);

        int grantpt(int fd);

        int unlockpt(int fd);

        int ptsname_r(int fd, byte[] buf, long len);

        long write(int fd, byte[] buf, long count);

        long read(int fd, byte[] buf, long count);

        int close(int fd);

        int poll(int[] fds, long nfds, int timeoutMs);
    }

    private static final int O_RDWR = 0x2;
    private static final int O_NOCTTY = isMac() ? 0x20000 : 0x100;

    private final int master;
    private final String slavePath;
    private volatile boolean closed;

    private Pty(int master, String slavePath) {
        this.master = master;
        this.slavePath = slavePath;
    }

    /** Opens a new pseudo-terminal pair. */
    public static Pty open() throws IOException {
        LibC c = LibC.INSTANCE;
        int fd = c.posix_openpt(O_RDWR | O_NOCTTY);
        if (fd < 0) throw new IOException("posix_openpt failed (errno " + Native.getLastError() + ")");
        byte[] name = new byte[128];
        if (c.grantpt(fd) != 0 || c.unlockpt(fd) != 0 || c.ptsname_r(fd, name, name.length) != 0) {
            int errno = Native.getLastError();
            c.close(fd);
            throw new IOException("cannot set up the pseudo-terminal (errno " + errno + ")");
        }
        int len = 0;
        while (len < name.length && name[len] != 0) len++;
        return new Pty(fd, new String(name, 0, len, StandardCharsets.US_ASCII));
    }

    /** Path of the slave end, to open as a serial port. */
    public String slavePath() { return slavePath; }

    /** Writes all of {@code len} bytes to the master end (they arrive at the slave's reader). */
    public void write(byte[] buf, int len) throws IOException {
        byte[] b = len == buf.length ? buf : java.util.Arrays.copyOf(buf, len);
        int done = 0;
        while (done < len) {
            byte[] rest = done == 0 ? b : java.util.Arrays.copyOfRange(b, done, len);
            long n = LibC.INSTANCE.write(master, rest, rest.length);
            if (n < 0) throw new IOException("write to pseudo-terminal failed (errno " + Native.getLastError() + ")");
            done += (int) n;
        }
    }

    public void write(byte[] buf) throws IOException { write(buf, buf.length); }

    /**
     * Reads what the slave side wrote (host commands), waiting at most {@code timeoutMs} for the first byte
     * (a read never blocks indefinitely, so that {@link #close()} really releases the master); 0 when
     * nothing came, -1 once the pty is closed or the slave end is gone.
     */
    public int read(byte[] buf, int timeoutMs) {
        if (closed) return -1;
        // struct pollfd {int fd; short events; short revents;}: events POLLIN in the low half (little-endian)
        int[] pfd = {master, 1};
        int ready;
        synchronized (this) {
            if (closed) return -1;
            ready = LibC.INSTANCE.poll(pfd, 1, 0);
        }
        if (ready == 0) {
            ready = LibC.INSTANCE.poll(pfd, 1, timeoutMs);
        }
        if (ready < 0) return -1;
        if (ready == 0) return 0;
        synchronized (this) {
            if (closed) return -1;
            long n = LibC.INSTANCE.read(master, buf, buf.length);
            return n <= 0 ? -1 : (int) n;
        }
    }

    /** Closes the master end: the slave's reader sees the device go away. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        LibC.INSTANCE.close(master);
    }

    private static boolean isMac() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("mac");
    }
}
