package org.hiphike.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hiphike.protocol.CaptureException;
import org.hiphike.protocol.Captures;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.Recording;
import org.hiphike.recording.RecordingFormatException;
import org.hiphike.recording.RecordingStream;

/**
 * Opens a recording for the commands: CSV v1 through the strict reader, anything else as a raw
 * capture through the protocol decoders (auto-detected unless a format is given).
 */
final class RecordingLoader {
    private RecordingLoader() {}

    /** CSV v1, or a capture in an auto-detected protocol. */
    static Recording load(Path file, boolean ignoreTruncatedTail) throws IOException, RecordingFormatException {
        return load(file, ignoreTruncatedTail, new CaptureFormatOptions());
    }

    static Recording load(Path file, boolean ignoreTruncatedTail, CaptureFormatOptions capture)
            throws IOException, RecordingFormatException {
        return load(file, ignoreTruncatedTail, false, capture);
    }

    /** The same; {@code joinRestarts} places the stretch after a restarted clock after the one before. */
    static Recording load(Path file, boolean ignoreTruncatedTail, boolean joinRestarts, CaptureFormatOptions capture)
            throws IOException, RecordingFormatException {
        if (isCapture(file, capture)) return capture(file, capture);
        return reader(ignoreTruncatedTail, joinRestarts).read(file);
    }

    /**
     * The same recording to be fed sample by sample: CSV v1 is parsed as it is fed, in memory that does not grow
     * with the file; a raw capture is decoded into memory first (here, at once, so its errors are thrown here).
     */
    static RecordingStream open(Path file, boolean ignoreTruncatedTail, boolean joinRestarts, CaptureFormatOptions capture)
            throws IOException, RecordingFormatException {
        if (isCapture(file, capture)) return capture(file, capture);
        return reader(ignoreTruncatedTail, joinRestarts).streamOf(file);
    }

    private static boolean isCapture(Path file, CaptureFormatOptions capture) throws IOException, RecordingFormatException {
        if (Files.isDirectory(file)) throw new RecordingFormatException(file + ": is a folder, not a recording", 0, null);
        if (!Files.exists(file)) throw new RecordingFormatException(file + ": no such file", 0, null);
        return capture != null && (!capture.isAuto() || !Captures.looksLikeCsvV1(file));
    }

    private static Recording capture(Path file, CaptureFormatOptions capture) throws IOException, RecordingFormatException {
        try {
            return Captures.read(file, capture.protocol(), capture.options());
        } catch (CaptureException e) {
            throw new RecordingFormatException(file + ": " + e.getMessage(), 0, null);
        }
    }

    private static CsvRecordingReader reader(boolean ignoreTruncatedTail, boolean joinRestarts) {
        return new CsvRecordingReader(new CsvRecordingReader.Options(ignoreTruncatedTail, true, joinRestarts));
    }
}
