package org.hiphike.session;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.hiphike.core.AxisRemap;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.PelvicDropPipeline;
import org.hiphike.exercise.PipelineSettings;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.web.LiveSession;
import org.hiphike.web.Prescription;
import org.hiphike.web.PrescriptionStore;

/**
 * A recording process for {@link CrashRecoveryTest}: replays a CSV into a live session at its real
 * pace (one sample every 10 ms, never catching up) and says on stdout how many samples it has handed
 * to the recorder, until it is killed.
 *
 * <p>Arguments: data folder, recording. With a third argument {@code burst N} it instead records
 * N sessions of 2000 samples each as fast as it can, finishing each, and prints "done" (for the
 * two-process test of {@link ConcurrencyTest}). With {@code live HIP_WIDTH_CM} it records the whole file through a
 * {@link LiveSession} measuring with that hip width, as {@code hiphike live --hip-width-cm} does, prints "written"
 * once the samples are on disk and waits to be killed (for {@link RecordedSettingsTest}).
 */
public final class RecordingProcess {
    private RecordingProcess() {}

    public static void main(String[] args) throws Exception {
        List<ImuSample> samples = new CsvRecordingReader().read(Path.of(args[1])).samples();
        if (args.length == 4 && args[2].equals("burst")) {
            burst(Path.of(args[0]), samples.subList(0, 2000), Integer.parseInt(args[3]));
            return;
        }
        if (args.length == 4 && args[2].equals("live")) {
            live(Path.of(args[0]), samples, Double.parseDouble(args[3]));
            return;
        }
        try (SessionStore store = SessionStore.open(Path.of(args[0]))) {
            SessionRecorder recorder = SessionRecorder.start(store,
                    new SessionInfo(Instant.now(), "replay of " + args[1], "bmi270", 100, "+X+Y+Z",
                            org.hiphike.exercise.Thresholds.DEFAULTS, ""));
            PelvicDropPipeline pipeline = new PelvicDropPipeline(PipelineSettings.DEFAULTS, recorder);
            System.out.println("started " + recorder.recording().id());
            System.out.flush();
            int sent = 0;
            for (ImuSample s : samples) {
                recorder.sample(s);
                pipeline.update(s);
                sent++;
                if (sent % 10 == 0) {
                    System.out.println("sent " + sent);
                    System.out.flush();
                }
                LockSupport.parkNanos(10_000_000L); // the sensor's pace: 100 Hz
            }
            recorder.finish();
            System.out.println("finished");
        }
    }

    /** Records {@code samples} through a live session measuring with this hip width, then waits to be killed. */
    private static void live(Path dataDir, List<ImuSample> samples, double hipWidthCm) throws Exception {
        SessionStore store = SessionStore.open(dataDir);
        PipelineSettings settings = PipelineSettings.DEFAULTS.withHipHalfWidthM(hipWidthCm / 100 / 2);
        LiveSession session = new LiveSession(PrescriptionStore.inMemory(Prescription.DEFAULTS), AxisRemap.IDENTITY, settings,
                null, store);
        for (ImuSample s : samples) session.offer(s);
        System.out.println("started " + session.savedSessionId());
        // What the recorder has written reaches the disk as its buffer fills: wait until the file stops growing
        // (at most 20 s); the tail still in the buffer is lost, as in a crash.
        Path file = store.get(session.savedSessionId()).recordingFile();
        long size = -1;
        for (int quiet = 0, waited = 0; quiet < 3 && waited < 40; waited++) {
            LockSupport.parkNanos(500_000_000L);
            long now = java.nio.file.Files.size(file);
            quiet = now == size ? quiet + 1 : 0;
            size = now;
        }
        System.out.println("written");
        System.out.flush();
        LockSupport.park(); // until killed: the session is never completed
    }

    private static void burst(Path dataDir, List<ImuSample> samples, int sessions) {
        try (SessionStore store = SessionStore.open(dataDir)) {
            for (int i = 0; i < sessions; i++) {
                SessionRecorder recorder = SessionRecorder.start(store, new SessionInfo(Instant.now(),
                        "process " + ProcessHandle.current().pid(), "bmi270", 100, "+X+Y+Z",
                        org.hiphike.exercise.Thresholds.DEFAULTS, ""));
                PelvicDropPipeline pipeline = new PelvicDropPipeline(PipelineSettings.DEFAULTS, recorder);
                for (ImuSample s : samples) {
                    recorder.sample(s);
                    pipeline.update(s);
                }
                pipeline.finish();
                store.setNotes(recorder.finish().id(), "saved by process " + ProcessHandle.current().pid());
            }
        }
        System.out.println("done");
    }
}
