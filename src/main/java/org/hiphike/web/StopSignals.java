package org.hiphike.web;

/**
 * Ctrl-C (SIGINT) and SIGTERM as the normal way to stop a running dashboard, live view or recording: the process
 * exits with 0 ("stopped", as each command's help says) after its shutdown work, not with the JVM's 130 or 143.
 */
public final class StopSignals {
    private StopSignals() {}

    private static boolean installed;

    /** Makes SIGINT and SIGTERM exit with status 0; the shutdown hooks (saving, closing) run as usual. */
    public static synchronized void exitZeroOnStop() {
        if (installed) return;
        installed = true;
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> System.exit(0));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // this platform has no such signal, or it is taken: the JVM's own exit code stays
            }
        }
    }
}
