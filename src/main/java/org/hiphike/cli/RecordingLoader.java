package org.hiphike.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.recording.Recording;
import org.hiphike.recording.RecordingFormatException;

/** Opens a recording for the commands: CSV v1 through the strict reader. */
final class RecordingLoader {
    private RecordingLoader() {}

    static Recording load(Path file, boolean ignoreTruncatedTail) throws IOException, RecordingFormatException {
        if (Files.isDirectory(file)) throw new RecordingFormatException(file + ": is a folder, not a recording", 0, null);
        if (!Files.exists(file)) throw new RecordingFormatException(file + ": no such file", 0, null);
        return new CsvRecordingReader(new CsvRecordingReader.Options(ignoreTruncatedTail, true)).read(file);
    }
}
