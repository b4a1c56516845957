package org.hiphike.cli;

import java.nio.file.Path;
import org.hiphike.session.DataDir;
import org.hiphike.session.SessionStore;
import picocli.CommandLine.Option;

/** The session store's folder: {@code --data-dir}, else HIPHIKE_DATA_DIR, XDG_DATA_HOME/hiphike, ~/.local/share/hiphike. */
public final class DataDirOption {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder of the session store (default: $HIPHIKE_DATA_DIR, else $XDG_DATA_HOME/hiphike, "
                    + "else ~/.local/share/hiphike).")
    Path dataDir;

    public Path resolve() { return DataDir.resolve(dataDir); }

    /**
     * Opens the store; sessions interrupted by a crash are recovered on the way, and what was wrong with the store
     * (a damaged or missing database, rebuilt from the recordings) is said on standard error.
     */
    public SessionStore open() {
        SessionStore store = SessionStore.open(resolve());
        for (String p : store.problemsAtOpen()) System.err.println("hiphike: " + p);
        return store;
    }
}
