package org.hiphike.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.Rep;
import org.hiphike.exercise.Report;
import org.hiphike.recording.LiveCsvRecorder;

/**
 * A session being recorded: samples go to its CSV v1 file as they arrive (on disk within a second),
 * counted reps are kept, and {@link #finish} stores the report. If the process dies first, the next
 * {@link SessionStore#open} recovers the session from the file. The file is created at the first
 * sample, with the magnetometer columns when that sample has a magnetometer reading.
 *
 * <p>{@link #sample} and {@link #rep} never throw and never touch the database, so a live feed is
 * not held up: a write failure (full disk) stops the file, keeps what was written, is noted in the
 * lock file's reserved room (for a recovery) and is reported by {@link #failure()} and stored with the session. Methods are synchronized, so samples may come
 * on the source's thread and {@link #finish} from another.
 */
public final class SessionRecording implements AutoCloseable {
    private final SessionStore store;
    private final long id;
    private final SessionInfo info;
    private final RecordingLock lock;
    private final Path file;
    private final Map<String, String> metadata;
    private LiveCsvRecorder csv; // made at the first sample, which tells whether there is a magnetometer
    private String failure;
    private final List<Rep> reps = new ArrayList<>();
    private int sampleCount;
    private double firstTimeS = Double.NaN, lastTimeS = Double.NaN;
    private int droppedSamples;
    private StoredSession finished;

    private SessionRecording(SessionStore store, long id, SessionInfo info, RecordingLock lock, Path file,
                             Map<String, String> metadata) {
        this.store = store;
        this.id = id;
        this.info = info;
        this.lock = lock;
        this.file = file;
        this.metadata = metadata;
    }

    static SessionRecording start(SessionStore store, long id, SessionInfo info, Path file, Map<String, String> extraMetadata)
            throws IOException {
        RecordingLock lock = RecordingLock.tryAcquire(file);
        if (lock == null) throw new IOException("the recording " + file + " is locked by another recorder");
        try {
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("sensor", info.sensor());
            if (info.rateHz() > 0) metadata.put("rate_hz", fmt(info.rateHz()));
            metadata.put("started_at", info.startedAt().toString());
            metadata.put("mount", info.axes());
            if (!info.source().isEmpty()) metadata.put("source", info.source());
            metadata.put("session", Long.toString(id));
            extraMetadata.forEach(metadata::putIfAbsent);
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.isWritable(file.toAbsolutePath().getParent())) throw new IOException("the folder is not writable");
            lock.reserveNote();
            return new SessionRecording(store, id, info, lock, file, metadata);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The session's id in the store. */
    public long id() { return id; }

    public SessionInfo info() { return info; }

    /** The CSV v1 file the samples go to. */
    public Path file() { return file; }

    /** Appends a sample (raw, as the sensor gave it, before any axis remap). */
    public synchronized void sample(ImuSample sample) {
        if (finished != null) return;
        double t = sample.timeS();
        if (sampleCount == 0) {
            firstTimeS = t;
        } else if (info.rateHz() > 0) {
            double nominal = 1.0 / info.rateHz();
            double dt = t - lastTimeS;
            if (dt > 1.5 * nominal) droppedSamples += (int) Math.round(dt / nominal) - 1;
        }
        lastTimeS = t;
        sampleCount++;
        if (csv == null && failure == null) {
            try {
                csv = new LiveCsvRecorder(file, metadata, sample.hasMagnetometer(), System::nanoTime);
            } catch (IOException | RuntimeException e) {
                failure = "recording to " + file + " could not start: " + e.getMessage();
            }
        }
        if (csv != null) csv.write(sample);
        if (!failureNoted && failure() != null) {
            // Once: the lock file's reserved room takes the reason in place, so a crash later is recovered as
            // "saving stopped: disk full", not "stopped unexpectedly".
            failureNoted = true;
            lock.note(failure());
        }
    }

    private boolean failureNoted;

    /** A rep the live pipeline counted (numbered, with its set). */
    public synchronized void rep(Rep rep) {
        if (finished == null) reps.add(rep);
    }

    /** Samples received so far. */
    public synchronized int sampleCount() { return sampleCount; }

    /** Reps received so far. */
    public synchronized List<Rep> reps() { return List.copyOf(reps); }

    /** Writes buffered samples to disk now (for example when the source pauses). */
    public synchronized void flush() {
        if (csv != null) csv.flush();
    }

    /** What stopped the recording file (disk full...), or null while it works. */
    public synchronized String failure() { return failure != null ? failure : csv == null ? null : csv.failure(); }

    private boolean failureStored;

    /**
     * Keeps why saving stopped, once it has, in the session's row (best effort: the database may be on the full
     * disk too; the lock file's note, written by {@link #sample}, is the copy a recovery reads), so that the store
     * and its API say why while the session goes on. Returns the failure, or null while saving works. For the
     * session's ticker, not the source's thread.
     */
    public String storeFailure() {
        String f;
        synchronized (this) {
            f = failure();
            if (f == null || failureStored || finished != null) return f;
            failureStored = true;
        }
        store.recordingFailed(id, f);
        return f;
    }

    /** Finishes with a report built from the reps received and the sample counts. */
    public synchronized StoredSession finish() {
        if (finished != null) return finished;
        double duration = sampleCount < 2 ? 0 : lastTimeS - firstTimeS;
        double rate = info.rateHz() > 0 ? info.rateHz() : (duration > 0 ? (sampleCount - 1) / duration : 0);
        Report.RecordingInfo recording = new Report.RecordingInfo(info.source().isEmpty() ? file().toString() : info.source(),
                round3(duration), sampleCount, round3(rate), droppedSamples, "device");
        return finish(Report.of(recording, info.thresholds(), reps));
    }

    /** Finishes with the caller's report (for example the live pipeline's own). Further samples are ignored. */
    public synchronized StoredSession finish(Report report) {
        if (finished != null) return finished;
        if (csv != null) csv.close();
        if (failure() != null) {
            // A full disk takes the last write part way: the file is cut back to its last complete line, a valid
            // CSV v1 of every sample that got to disk.
            try {
                cutToLastCompleteLine(file);
            } catch (IOException e) {
                // the report says saving stopped; a reader is told of the truncated line with its line number
            }
        }
        try {
            finished = store.finished(id, report, failure());
        } finally {
            try {
                lock.deleteOnRelease();
                lock.close();
            } catch (IOException ignored) {
                // a stale lock file is harmless: nobody holds its lock
            }
        }
        return finished;
    }

    /**
     * Cuts a recording back to its last complete line (a crash or a full disk can leave part of one); returns the
     * text kept. A file that does not exist gives "".
     */
    static String cutToLastCompleteLine(Path file) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            long size = ch.size();
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) Math.min(size, Integer.MAX_VALUE - 16));
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read it all
            }
            byte[] bytes = buf.array();
            int end = buf.position();
            while (end > 0 && bytes[end - 1] != '\n') end--;
            if (end < size) ch.truncate(end); // the file itself becomes a valid CSV v1 again
            return new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            return "";
        }
    }

    /** Finishes the session if it is not finished yet. */
    @Override
    public void close() { finish(); }

    private static double round3(double v) { return Math.round(v * 1000) / 1000.0; }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
    }
}
