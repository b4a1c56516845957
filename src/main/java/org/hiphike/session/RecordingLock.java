package org.hiphike.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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

    /**
     * Room kept in the lock file for {@link #note}, bytes. It is written when recording starts, so that the note
     * overwrites bytes already on disk: saying why saving stopped needs no new space on a disk that is full.
     */
    static final int NOTE_BYTES = 1024;

    /** Reserves the note's room (blanks). Best effort: without it a note may not fit on a full disk. */
    void reserveNote() {
        try {
            if (channel.size() < NOTE_BYTES) {
                ByteBuffer blanks = ByteBuffer.wrap(" ".repeat(NOTE_BYTES).getBytes(StandardCharsets.US_ASCII));
                while (blanks.hasRemaining()) channel.write(blanks, blanks.position());
                channel.force(false);
            }
        } catch (IOException e) {
            // no room even now: a note is tried all the same
        }
    }

    /** Writes why saving stopped into the reserved room (cut to fit), for recovery to find. Best effort. */
    void note(String text) {
        byte[] bytes = text.replace('\n', ' ').getBytes(StandardCharsets.UTF_8);
        int n = Math.min(bytes.length, NOTE_BYTES);
        while (n > 0 && n < bytes.length && (bytes[n] & 0xC0) == 0x80) n--; // not inside a character
        byte[] padded = " ".repeat(NOTE_BYTES).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, padded, 0, n);
        try {
            ByteBuffer b = ByteBuffer.wrap(padded);
            while (b.hasRemaining()) channel.write(b, b.position());
            channel.force(false);
        } catch (IOException e) {
            // the database is told too; the recording itself is what matters and is kept
        }
    }

    /** The note left in a recording's lock file (why saving stopped), or null when there is none. */
    static String noteOf(Path recording) {
        try {
            byte[] bytes = Files.readAllBytes(lockFileOf(recording));
            String text = new String(bytes, 0, Math.min(bytes.length, NOTE_BYTES), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? null : text;
        } catch (IOException e) {
            return null;
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
