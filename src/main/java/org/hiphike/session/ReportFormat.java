package org.hiphike.session;

import java.nio.file.Path;
import java.util.Locale;

/** The formats a session report is exported in. */
public enum ReportFormat {
    HTML, PDF, CSV, JSON;

    public String extension() { return name().toLowerCase(Locale.ROOT); }

    /** The format named by a file's extension, or null. */
    public static ReportFormat ofFile(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (ReportFormat f : values()) if (name.endsWith("." + f.extension())) return f;
        if (name.endsWith(".htm")) return HTML;
        return null;
    }
}
