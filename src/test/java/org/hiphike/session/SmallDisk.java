package org.hiphike.session;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real small file system (tmpfs of a given size, mounted for the test) that can be filled up: a full disk as the
 * kernel reports it (ENOSPC, "No space left on device"), not a simulated exception. Needs root (mount); without it
 * the test is skipped with the reason printed, and fails instead under {@code CI=true}.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path mountPoint;
    private final Path filler;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.filler = mountPoint.resolve("filler.bin");
    }

    /** Mounts a tmpfs of {@code kib} KiB at {@code mountPoint} (an empty folder), or skips the test. */
    public static SmallDisk mount(Path mountPoint, int kib, String test) throws Exception {
        Files.createDirectories(mountPoint);
        String why = null;
        if (!"root".equals(System.getProperty("user.name"))) {
            why = "not run as root, so it cannot mount a small file system";
        } else {
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + kib + "k", "tmpfs", mountPoint.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) why = "mount -t tmpfs failed: " + out.strip();
        }
        if (why != null) {
            System.out.println(test + " skipped: " + why);
            if ("true".equals(System.getenv("CI"))) throw new AssertionError("CI must run " + test + ": " + why);
            Assumptions.abort(why);
        }
        return new SmallDisk(mountPoint);
    }

    public Path path() { return mountPoint; }

    /** Writes a file until the disk is full (the kernel refuses the next block). */
    public void fill() throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("No space left")) throw e;
        }
    }

    /** Gives the space back. */
    public void free() throws IOException { Files.deleteIfExists(filler); }

    @Override
    public void close() throws Exception {
        free();
        Process p = new ProcessBuilder("umount", "-l", mountPoint.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor(30, TimeUnit.SECONDS);
    }
}
