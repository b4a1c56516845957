package org.hiphike.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Text held back until it is known to be wanted (analyze --explain's decisions, printed only once the whole file
 * was read and found good), in bounded memory: past {@link #MAX_IN_MEMORY} characters it goes on in a temporary
 * file, deleted when this is closed.
 */
final class DeferredText implements AutoCloseable {
    static final int MAX_IN_MEMORY = 1 << 20;
    private final StringBuilder memory = new StringBuilder();
    private Path file;
    private BufferedWriter spill;

    void append(String text) {
        try {
            if (spill == null && memory.length() + text.length() > MAX_IN_MEMORY) {
                file = Files.createTempFile("hiphike-explain-", ".txt");
                spill = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                spill.append(memory);
                memory.setLength(0);
            }
            if (spill != null) spill.append(text);
            else memory.append(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hold back the explanation in a temporary file: " + e.getMessage(), e);
        }
    }

    /** Writes everything held, in order. */
    void writeTo(PrintWriter out) throws IOException {
        if (spill == null) {
            out.append(memory);
            return;
        }
        spill.flush();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            char[] chunk = new char[8192];
            for (int n; (n = in.read(chunk)) > 0; ) out.write(chunk, 0, n);
        }
    }

    @Override
    public void close() throws IOException {
        if (spill != null) {
            spill.close();
            Files.deleteIfExists(file);
            spill = null;
        }
    }
}
