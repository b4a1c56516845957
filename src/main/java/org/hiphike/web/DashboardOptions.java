package org.hiphike.web;

import java.nio.file.Path;
import org.hiphike.cli.DataDirOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the commands that serve the dashboard. */
public final class DashboardOptions {
    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on (default ${DEFAULT-VALUE}: this machine only). Any other address needs a token.")
    String host;

    @Option(names = "--allow-host", paramLabel = "NAME", split = ",",
            description = "A further host name the page may be opened by (repeatable): requests naming any other host "
                    + "than this machine's loopback names and the --host address are refused, so a web page cannot point "
                    + "its own name at this machine (DNS rebinding).")
    java.util.List<String> allowHosts = new java.util.ArrayList<>();

    @Option(names = "--http-port", defaultValue = "7070", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--https-port", paramLabel = "PORT",
            description = "HTTPS port, on the same address as HTTP (default 7443, or a free one with --http-port 0; 0 picks a free one). A phone's "
                    + "motion sensors are only readable on an HTTPS page: its /sensor page is served here, with a "
                    + "self-signed certificate made at the first start and kept in the config folder.")
    Integer httpsPort;

    /** The HTTPS port to listen on: the one given, else 7443, else a free one when HTTP takes a free one. */
    int httpsPort() { return httpsPort != null ? httpsPort : port == 0 ? 0 : 7443; }

    @Option(names = "--no-https", description = "Serve HTTP only (no phone as the sensor).")
    boolean noHttps;

    @Option(names = "--token", description = "Access token for the page, API and WebSocket. Generated and printed when "
            + "--host is not a loopback address and none is given.")
    String token;

    @Option(names = "--no-browser", description = "Do not open a browser.")
    boolean noBrowser;

    @Option(names = "--samples", paramLabel = "DIR", description = "Folder of recordings offered as samples (default: samples/ beside hiphike).")
    Path samples;

    @Option(names = "--config-dir", paramLabel = "DIR",
            description = "Where the prescription and the HTTPS certificate are kept (default: $HIPHIKE_CONFIG_DIR, else "
                    + "$XDG_CONFIG_HOME/hiphike, else ~/.config/hiphike).")
    Path configDir;

    @Mixin
    DataDirOption dataDir = new DataDirOption();

    @Option(names = "--no-save", description = "Do not save this run's sessions (by default every session is saved in the data "
            + "folder, with its samples, and listed by `hiphike sessions` and the page's history; with --no-save the history "
            + "still lists those saved before).")
    boolean noSave;

    @Option(names = "--save-demo", description = "Save the simulated sensor's sessions too (by default they are not: the "
            + "demo is no one's exercise; saved, they are marked 'simulated' and left out of the trends).")
    boolean saveDemo;

    /**
     * The store the page's history lists: the one sessions are saved in; with {@code --no-save} the one the data folder
     * already holds (its saved sessions are still shown; none is made for the history's sake), or null when there is
     * none or it cannot be opened (a line on {@code out} says why).
     */
    public org.hiphike.session.SessionStore openHistory(java.io.PrintWriter out) {
        if (!noSave) return openStore(out);
        java.nio.file.Path dir = dataDir.resolve();
        if (!java.nio.file.Files.isRegularFile(dir.resolve(org.hiphike.session.SessionStore.DATABASE_FILE))) return null;
        try {
            return dataDir.open();
        } catch (org.hiphike.session.SessionStoreException e) {
            out.println("hiphike: the history cannot be shown: " + e.getMessage());
            return null;
        }
    }

    /**
     * The session store the options name, or null with {@code --no-save} or when it cannot be opened (then
     * a line on {@code out} says why and sessions are not saved).
     */
    public org.hiphike.session.SessionStore openStore(java.io.PrintWriter out) {
        if (noSave) return null;
        try {
            return dataDir.open();
        } catch (org.hiphike.session.SessionStoreException e) {
            out.println("hiphike: sessions will not be saved: " + e.getMessage() + " (choose another folder with --data-dir)");
            return null;
        }
    }
}
