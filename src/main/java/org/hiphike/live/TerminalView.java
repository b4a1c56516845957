package org.hiphike.live;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.hiphike.core.ImuSample;
import org.hiphike.exercise.Fault;
import org.hiphike.exercise.Phase;
import org.hiphike.exercise.PipelineState;
import org.hiphike.exercise.Rep;
import org.hiphike.source.SourceStatus;
import org.hiphike.web.LiveSession;

/**
 * The live view in a terminal: one status line (drop angle, phase, hold timer, reps, link counters),
 * redrawn in place at most {@link #REFRESH_NS} apart on an interactive terminal or printed once a second
 * otherwise; a line for each counted rep with its faults; a line for each change of the source's state
 * and when the session is saved.
 */
public final class TerminalView implements LiveSession.Listener {
    static final long REFRESH_NS = 100_000_000L;
    static final long PLAIN_REFRESH_NS = 1_000_000_000L;

    private final PrintWriter out;
    private final boolean interactive;
    private final Supplier<String> linkSummary;
    private long lastDrawNs;
    private boolean lineOpen;

    /**
     * @param out         where to draw
     * @param interactive redraw one line in place (a terminal) rather than printing a line a second
     * @param linkSummary a short text about the link ("hiphike 100 Hz, lost 0, bad 0"), asked at each redraw
     */
    public TerminalView(PrintWriter out, boolean interactive, Supplier<String> linkSummary) {
        this.out = out;
        this.interactive = interactive;
        this.linkSummary = linkSummary;
    }

    @Override
    public synchronized void sample(ImuSample sample, PipelineState state) {
        long now = System.nanoTime();
        if (now - lastDrawNs < (interactive ? REFRESH_NS : PLAIN_REFRESH_NS)) return;
        lastDrawNs = now;
        String line = stateLine(state) + " | " + linkSummary.get();
        if (interactive) {
            out.print("\r\033[K" + line);
            lineOpen = true;
        } else {
            out.println(line);
        }
        out.flush();
    }

    @Override
    public synchronized void rep(Rep rep) {
        println(repLine(rep));
    }

    @Override
    public synchronized void status(SourceStatus status) {
        println("[" + status.state().name().toLowerCase(Locale.ROOT) + "] " + status.detail());
    }

    @Override
    public synchronized void levelTaken(double timeS) {
        println(String.format(Locale.ROOT, "%7.1f s  level posture taken: start the set", timeS));
    }

    @Override
    public synchronized void notExercise(double timeS, String reason) {
        println(String.format(Locale.ROOT, "%7.1f s  not the exercise (%s): stand still, pelvis level, to go on", timeS, reason));
    }

    @Override
    public synchronized void recordingFailed(String message) {
        println("warning: " + message);
    }

    @Override
    public synchronized void saved(long id, String status) {
        println("complete".equals(status) ? "session " + id + " saved (hiphike sessions, hiphike report " + id + ")"
                : "saving as session " + id);
    }

    private void println(String s) {
        if (lineOpen) {
            out.print("\r\033[K");
            lineOpen = false;
        }
        out.println(s);
        out.flush();
        lastDrawNs = 0;
    }

    /** {@code  12.3 s  HOLD       drop   8.4° left   hold 1.2 s   reps 3 (set 1)}. */
    public static String stateLine(PipelineState s) {
        String phase = s.phase() == null ? "" : s.phase().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        String side = s.side() == null ? "" : s.side().jsonName();
        String hold = s.phase() == Phase.HOLD ? String.format(Locale.ROOT, "hold %.1f s", s.holdS()) : "          ";
        double t = Double.isNaN(s.timeS()) ? 0 : s.timeS();
        return String.format(Locale.ROOT, "%7.1f s  %-17s drop %5.1f° %-5s  %s  reps %d (set %d)", t, phase, s.dropDeg(),
                side, hold, s.repCount(), s.setIndex());
    }

    /** {@code rep 3 (set 1, left): peak 8.2°, hold 1.60 s, lower 1.20 s, raise 1.00 s, knee 0.4 cm; faults: short_hold}. */
    public static String repLine(Rep r) {
        String faults = r.faults().isEmpty() ? "good form" : "faults: " + r.faults().stream().map(Fault::jsonName).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "rep %d (set %d, %s): peak %.1f°, hold %.2f s, lower %.2f s, raise %.2f s, knee %.1f cm; %s",
                r.index(), r.set(), r.side().jsonName(), r.peakDropDeg(), r.holdS(), r.lowerS(), r.raiseS(), r.kneeDropCm(), faults);
    }
}
