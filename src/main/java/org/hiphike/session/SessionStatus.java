package org.hiphike.session;

import java.util.Locale;

/** Where a stored session stands. */
public enum SessionStatus {
    /** Samples are being written now (or the process writing them died and it awaits recovery). */
    RECORDING,
    /** Finished normally, with the report of the live pipeline (or of the analysis of an imported file). */
    COMPLETE,
    /** Cut off by a crash; re-analysed from its recording up to the last complete line. */
    RECOVERED;

    public String dbName() { return name().toLowerCase(Locale.ROOT); }

    public static SessionStatus fromDb(String name) { return valueOf(name.toUpperCase(Locale.ROOT)); }
}
