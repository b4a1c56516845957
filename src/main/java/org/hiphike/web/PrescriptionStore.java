package org.hiphike.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.hiphike.exercise.ReportJson;

/**
 * Keeps the prescription between runs in {@code prescription.json} in the user's config folder
 * ({@code $HIPHIKE_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/hiphike}, else {@code ~/.config/hiphike}).
 * A file that cannot be read falls back to the defaults (and says so) rather than stopping the dashboard.
 */
public final class PrescriptionStore {
    private final Path file;
    private Prescription current;
    private String loadProblem;
    private boolean prescribed;

    public PrescriptionStore(Path file) {
        this.file = file;
        this.current = load();
    }

    /** A store that keeps nothing on disk (tests, benchmarks). */
    public static PrescriptionStore inMemory(Prescription initial) { return inMemory(initial, false); }

    /** A store that keeps nothing on disk, holding a prescription someone gave ({@code prescribed}) or the defaults. */
    public static PrescriptionStore inMemory(Prescription initial, boolean prescribed) {
        PrescriptionStore s = new PrescriptionStore(null);
        s.current = initial;
        s.prescribed = prescribed;
        return s;
    }

    /**
     * Whether the prescription was given (saved from the page, read from its file, or set on the command line) rather
     * than the built-in defaults: only a given target depth judges reps too shallow.
     */
    public synchronized boolean prescribed() { return prescribed; }

    /** The default config folder for this user and environment. */
    public static Path defaultDir() {
        String dir = System.getenv("HIPHIKE_CONFIG_DIR");
        if (dir != null && !dir.isBlank()) return Path.of(dir);
        String xdg = System.getenv("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "hiphike");
        return Path.of(System.getProperty("user.home"), ".config", "hiphike");
    }

    public synchronized Prescription get() { return current; }

    /** Why the stored file was not used, or null. */
    public synchronized String loadProblem() { return loadProblem; }

    public synchronized void set(Prescription p) throws IOException {
        current = p;
        prescribed = true;
        if (file == null) return;
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, ReportJson.toJson(p) + "\n");
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Prescription load() {
        if (file == null || !Files.exists(file)) return Prescription.DEFAULTS;
        try {
            Prescription p = ReportJson.mapper().readValue(Files.readString(file), Prescription.class);
            prescribed = true;
            return p;
        } catch (IOException | RuntimeException e) {
            loadProblem = file + " could not be read (" + e.getMessage().lines().findFirst().orElse("") + "); using the defaults";
            return Prescription.DEFAULTS;
        }
    }
}
