package org.hiphike.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DeferredTextTest {
    private static long tempFiles() throws Exception {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("hiphike-explain-")).count();
        }
    }

    @Test
    void textBeyondTheMemoryBoundGoesOnInATemporaryFileAndComesBackInOrder() throws Exception {
        long before = tempFiles();
        StringBuilder expected = new StringBuilder();
        StringWriter out = new StringWriter();
        try (DeferredText text = new DeferredText()) {
            for (int i = 0; expected.length() < 3 * DeferredText.MAX_IN_MEMORY; i++) {
                String line = String.format("%9.2f s  decision number %d, caf\u00e9%n", i * 0.01, i);
                text.append(line);
                expected.append(line);
            }
            assertEquals(before + 1, tempFiles(), "spilled to one temporary file");
            PrintWriter w = new PrintWriter(out);
            text.writeTo(w);
            w.flush();
        }
        assertEquals(expected.toString(), out.toString());
        assertEquals(before, tempFiles(), "the temporary file is deleted on close");
    }

    @Test
    void shortTextStaysInMemory() throws Exception {
        long before = tempFiles();
        StringWriter out = new StringWriter();
        try (DeferredText text = new DeferredText()) {
            text.append("a\n");
            text.append("b\n");
            assertEquals(before, tempFiles());
            PrintWriter w = new PrintWriter(out);
            text.writeTo(w);
            w.flush();
        }
        assertEquals("a\nb\n", out.toString());
        assertTrue(out.toString().endsWith("\n"));
    }
}
