package org.hiphike.session;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An OS lock on {@code <recording>.lock} held while a session is recorded. The operating system
 * releases it when the process dies, however it dies, which is how an interrupted session is told
 * from one that is still being recorded by another process.
 */
final class RecordingLock implements AutoCloseable {
    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean deleteOnRelease;

    private RecordingLock(Path lockFile, FileChannel channel, FileLock lock) {
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
    }

    static Path lockFileOf(Path recording) {
        return recording.resolveSibling(recording.getFileName() + ".lock");
    }

    /** The lock, or null when someone (this process or another) holds it. */
    static RecordingLock tryAcquire(Path recording) throws IOException {
        Path lockFile = lockFileOf(recording);
        Path parent = lockFile.getParent();
        if (parent != null) Files.createDirectories(parent);
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return null;
            }
            return new RecordingLock(lockFile, channel, lock);
        } catch (OverlappingFileLockException e) {
            channel.close(); // held by this JVM
            return null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Whether a recorder holds the lock of this recording now. */
    static boolean isHeld(Path recording) {
        if (!Files.exists(lockFileOf(recording))) return false;
        try (RecordingLock lock = tryAcquire(recording)) {
            return lock == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Remove the lock file when released (the session no longer needs it). */
    void deleteOnRelease() { deleteOnRelease = true; }

    @Override
    public void close() throws IOException {
        try {
            if (deleteOnRelease) Files.deleteIfExists(lockFile);
        } finally {
            try {
                if (lock.isValid()) lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
