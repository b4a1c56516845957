package org.hiphike.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hiphike.protocol.CaptureException;
import org.hiphike.protocol.Captures;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.Recording;
import org.hiphike.recording.RecordingFormatException;

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
        if (Files.isDirectory(file)) throw new RecordingFormatException(file + ": is a folder, not a recording", 0, null);
        if (!Files.exists(file)) throw new RecordingFormatException(file + ": no such file", 0, null);
        if (capture != null && (!capture.isAuto() || !Captures.looksLikeCsvV1(file))) {
            try {
                return Captures.read(file, capture.protocol(), capture.options());
            } catch (CaptureException e) {
                throw new RecordingFormatException(file + ": " + e.getMessage(), 0, null);
            }
        }
        return new CsvRecordingReader(new CsvRecordingReader.Options(ignoreTruncatedTail, true, joinRestarts)).read(file);
    }
}
