package org.hiphike.session;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the session store lives: the {@code --data-dir} option, else {@code HIPHIKE_DATA_DIR}, else
 * {@code $XDG_DATA_HOME/hiphike}, else {@code ~/.local/share/hiphike}.
 */
public final class DataDir {
    public static final String ENV = "HIPHIKE_DATA_DIR";

    private DataDir() {}

    /**
     * @param option the command line's {@code --data-dir}, or null
     * @param env    the environment (System.getenv() in the program)
     * @param home   the user's home folder
     */
    public static Path resolve(Path option, Map<String, String> env, Path home) {
        if (option != null) return option;
        String explicit = env.get(ENV);
        if (explicit != null && !explicit.isBlank()) return Path.of(explicit);
        String xdg = env.get("XDG_DATA_HOME");
        // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) return Path.of(xdg, "hiphike");
        return home.resolve(".local").resolve("share").resolve("hiphike");
    }

    /** The program's default: from the real environment and {@code user.home}. */
    public static Path resolve(Path option) {
        return resolve(option, System.getenv(), Path.of(System.getProperty("user.home")));
    }
}
