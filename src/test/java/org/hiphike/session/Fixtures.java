package org.hiphike.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.hiphike.exercise.Thresholds;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.Recording;

/** Shared inputs of the session tests: the bundled simulated samples and the build folder for artefacts. */
final class Fixtures {
    static final Path SAMPLES = Path.of("samples");
    static final Path LEFT_CLEAN = SAMPLES.resolve("left-set_clean_100hz.csv");
    static final Path FAST_SHORT = SAMPLES.resolve("right-set_fast-drops_short-holds_100hz.csv");
    static final Path BOTH_SIDES = SAMPLES.resolve("session_both-sides_walking-turning_100hz.csv");
    static final Path LONG = SAMPLES.resolve("session_long_24min_100hz.csv");

    private Fixtures() {}

    static Recording read(Path csv) throws Exception {
        return new CsvRecordingReader().read(csv);
    }

    /** Where tests leave files to look at: under the build folder the build passes in. */
    static Path outputDir() throws IOException {
        String dir = System.getProperty("hiphike.testOutputDir");
        Path p = dir != null ? Path.of(dir) : Files.createTempDirectory("hiphike-test-output");
        Files.createDirectories(p);
        return p;
    }

    static SessionInfo info(String source, Instant startedAt) {
        return new SessionInfo(startedAt, source, "bmi270", 100, "+X+Y+Z", Thresholds.DEFAULTS, "");
    }
}
