package org.hiphike.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.hiphike.exercise.ExerciseSet;
import org.hiphike.exercise.Fault;
import org.hiphike.exercise.Rep;
import org.hiphike.exercise.Report;
import org.hiphike.exercise.Side;
import org.hiphike.exercise.Thresholds;

/**
 * The session report a physical therapist receives, as one self-contained XHTML page: inline CSS
 * and charts, no external fetches, print CSS with page breaks. The PDF is rendered from the same
 * page (with the charts as PNG, see {@link PdfReport}). Every number shown comes from the report
 * JSON; tables show them with 2 decimals.
 */
public final class HtmlReport {
    static final String LEFT_COLOR = "#1f5fa8";
    static final String RIGHT_COLOR = "#c0392b";
    private static final String GRID = "#d0d0d0";
    private static final String INK = "#222222";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm (xxx)", Locale.ENGLISH);

    /** How the charts are embedded. */
    public enum Charts { SVG, PNG }

    private HtmlReport() {}

    public static String render(ReportContext ctx) { return render(ctx, Charts.SVG); }

    public static String render(ReportContext ctx, Charts charts) {
        Report r = ctx.report();
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
        h.append("<title>").append(Html.escape(title(ctx))).append("</title>\n<style>\n").append(css()).append("</style>\n</head>\n<body>\n");

        boolean compact = isLong(r);
        h.append("<div class=\"first-page\" id=\"first-page\">\n");
        h.append("<h1>Pelvic drop exercise report</h1>\n<p class=\"subtitle\">").append(Html.escape(subtitle(ctx))).append("</p>\n");
        h.append("<p class=\"safety\" id=\"safety\"><b>Safety.</b> ").append(Html.escape(Advice.SAFETY)).append("</p>\n");
        if (ctx.status() == SessionStatus.RECOVERED) {
            h.append("<p class=\"warning\">This session was cut off (the program or computer stopped while recording). "
                    + "It was recovered from its recording up to the last sample saved; the final second or so may be missing.</p>\n");
        }
        if (ctx.failure() != null && ctx.status() != SessionStatus.RECOVERED) {
            h.append("<p class=\"warning\">").append(Html.escape(ReportContext.pathsToNames(ctx.failure()))).append("</p>\n");
        }
        prescribed(h, ctx);
        summary(h, ctx);
        advice(h, r, ctx.targets());
        sides(h, r);
        h.append("</div>\n");

        overallChart(h, ctx, charts);
        sets(h, ctx, charts, compact);
        if (compact) repsBySet(h, r);
        else repTable(h, r);
        thresholds(h, r.thresholds());
        details(h, ctx);
        h.append("<p class=\"footer\">Made by hiphike. Definitions: drop angle relative to the level posture of the set; "
                + "a rep leaves level, reaches its peak and comes back to level. ").append(Html.escape(Advice.SAFETY)).append("</p>\n");
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    /**
     * A long session (more than {@value #LONG_REPS} reps or {@value #LONG_SETS} sets, about a quarter of an hour of
     * exercise) gets its per-rep detail summarised per set and one depth-and-hold chart for all reps, so that its PDF
     * stays a few pages; every rep's numbers are in the CSV and JSON.
     */
    static boolean isLong(Report r) { return r.reps().size() > LONG_REPS || r.sets().size() > LONG_SETS; }

    static final int LONG_REPS = 40;
    static final int LONG_SETS = 4;

    static String title(ReportContext ctx) {
        return ctx.sessionId() != null ? "Pelvic drop report, session " + ctx.sessionId() : "Pelvic drop report";
    }

    private static String subtitle(ReportContext ctx) {
        StringBuilder sb = new StringBuilder();
        if (ctx.sessionId() != null) sb.append("Session ").append(ctx.sessionId()).append(". ");
        sb.append(ctx.startedAt() != null ? DATE.format(ctx.startedAt().atZone(ctx.zone())) : "Start time not recorded");
        sb.append(". Recording ").append(duration(ctx.report().recording().durationS())).append('.');
        return sb.toString();
    }

    // ---- summary ----

    /** The prescription against what was done, per side: sets, reps per set, depth, hold. */
    private static void prescribed(StringBuilder h, ReportContext ctx) {
        Targets p = ctx.targets();
        Report r = ctx.report();
        h.append("<h2>Prescribed and done</h2>\n");
        if (p == null) {
            h.append("<p class=\"note\" id=\"no-prescription\">No prescription is known for this ")
                    .append(ctx.sessionId() != null ? "session" : "recording")
                    .append(", so what was done is not compared with one.</p>\n");
            return;
        }
        List<Rep> left = r.reps().stream().filter(x -> x.side() == Side.LEFT).toList();
        List<Rep> right = r.reps().stream().filter(x -> x.side() == Side.RIGHT).toList();
        List<ExerciseSet> leftSets = r.sets().stream().filter(x -> x.side() == Side.LEFT).toList();
        List<ExerciseSet> rightSets = r.sets().stream().filter(x -> x.side() == Side.RIGHT).toList();
        h.append("<table class=\"figures\" id=\"prescribed\">\n<tr><th></th><th>Prescribed</th><th>Left side</th>"
                + "<th>Right side</th><th>Both</th></tr>\n");
        row(h, "Sets", p.sets() == null ? NOT : Integer.toString(p.sets()), Integer.toString(leftSets.size()),
                Integer.toString(rightSets.size()), Integer.toString(r.sets().size()));
        row(h, "Repetitions per set", p.repsPerSet() == null ? NOT : Integer.toString(p.repsPerSet()), setCounts(leftSets),
                setCounts(rightSets), r.reps().size() + " in all");
        Double depth = p.targetDepthDeg();
        row(h, "Peak drop (deg), mean", depth == null ? NOT : f1(depth), meanOr(left, Rep::peakDropDeg),
                meanOr(right, Rep::peakDropDeg), meanOr(r.reps(), Rep::peakDropDeg));
        if (depth != null) {
            java.util.function.Predicate<Rep> deep = x -> x.peakDropDeg() >= depth;
            row(h, "Reached the depth", "at least " + f1(depth) + " deg", share(left, deep), share(right, deep), share(r.reps(), deep));
        }
        Double hold = p.holdTargetS();
        row(h, "Hold (s), mean", hold == null ? NOT : f1(hold), meanOr(left, Rep::holdS), meanOr(right, Rep::holdS),
                meanOr(r.reps(), Rep::holdS));
        if (hold != null) {
            java.util.function.Predicate<Rep> held = x -> x.holdS() >= hold;
            row(h, "Held for the target", "at least " + f1(hold) + " s", share(left, held), share(right, held), share(r.reps(), held));
        }
        h.append("</table>\n");
        List<String> said = new ArrayList<>();
        if (p.sets() != null) {
            said.add(r.sets().size() + plural(r.sets().size(), " set", " sets") + " done of " + p.sets() + " prescribed");
        }
        if (p.sets() != null && p.repsPerSet() != null) {
            int aim = p.sets() * p.repsPerSet();
            said.add(r.reps().size() + plural(r.reps().size(), " repetition", " repetitions") + " of " + aim + " (" + p.sets()
                    + " x " + p.repsPerSet() + ")");
        }
        if (depth != null && !r.reps().isEmpty()) {
            long n = r.reps().stream().filter(x -> x.peakDropDeg() >= depth).count();
            said.add(n + " of " + r.reps().size() + " repetitions reached the depth of " + f1(depth) + " degrees");
        }
        if (hold != null && !r.reps().isEmpty()) {
            long n = r.reps().stream().filter(x -> x.holdS() >= hold).count();
            said.add(n + " held for " + f1(hold) + " s");
        }
        if (!said.isEmpty()) h.append("<p>").append(Html.escape(capitalise(String.join("; ", said)))).append(".</p>\n");
    }

    private static final String NOT = "not prescribed";

    private static void row(StringBuilder h, String... cells) {
        h.append("<tr class=\"prescribed\"><th>").append(Html.escape(cells[0])).append("</th>");
        for (int i = 1; i < cells.length; i++) h.append("<td>").append(Html.escape(cells[i])).append("</td>");
        h.append("</tr>\n");
    }

    private static String setCounts(List<ExerciseSet> sets) {
        if (sets.isEmpty()) return "-";
        return sets.stream().map(x -> Integer.toString(x.repCount())).collect(Collectors.joining(", "));
    }

    private static String meanOr(List<Rep> reps, java.util.function.ToDoubleFunction<Rep> f) {
        return reps.isEmpty() ? "-" : f2(mean(reps, f));
    }

    private static String share(List<Rep> reps, java.util.function.Predicate<Rep> ok) {
        if (reps.isEmpty()) return "-";
        return reps.stream().filter(ok).count() + " of " + reps.size();
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static void summary(StringBuilder h, ReportContext ctx) {
        Report r = ctx.report();
        Report.Summary s = r.summary();
        int left = count(r.reps(), Side.LEFT), right = count(r.reps(), Side.RIGHT);
        h.append("<h2>Summary</h2>\n<div class=\"plain\">\n");
        if (s.repCount() == 0) {
            h.append("<p>No repetitions were found in this recording. A repetition counts when the pelvis drops at least ")
                    .append(f1(r.thresholds().minPeakDeg())).append(" degrees from level and comes back to level.</p>\n");
        } else {
            h.append("<p>").append(s.repCount()).append(plural(s.repCount(), " repetition", " repetitions")).append(" in ")
                    .append(s.setCount()).append(plural(s.setCount(), " set", " sets"));
            if (left > 0 && right > 0) {
                h.append(": ").append(left).append(" with the left side dropping and ").append(right).append(" with the right.");
            } else {
                h.append(", all with the ").append(left > 0 ? "left" : "right").append(" side dropping.");
            }
            h.append(" On average the pelvis dropped ").append(f1(s.meanPeakDropDeg())).append(" degrees and held at the bottom for ")
                    .append(f1(s.meanHoldS())).append(" s.</p>\n");
            long clean = r.reps().stream().filter(rep -> rep.faults().isEmpty()).count();
            h.append("<p>").append(clean).append(" of ").append(s.repCount()).append(plural(s.repCount(), " repetition", " repetitions"))
                    .append(" (").append(Math.round(100.0 * clean / s.repCount())).append(" %) had no fault.");
            List<String> faulty = new ArrayList<>();
            s.faultCounts().forEach((f, n) -> {
                if (n > 0) faulty.add(Advice.counted(f, n));
            });
            if (!faulty.isEmpty()) h.append(" Faults: ").append(String.join(", ", faulty)).append('.');
            h.append("</p>\n");
        }
        h.append("</div>\n");
        h.append("<table class=\"figures\" id=\"summary\">\n<tr><th>Repetitions</th><th>Sets</th><th>Left</th><th>Right</th>"
                + "<th>Mean peak drop (deg)</th><th>Mean hold (s)</th>");
        for (String f : s.faultCounts().keySet()) h.append("<th>").append(Html.escape(Advice.title(f))).append("</th>");
        h.append("</tr>\n<tr class=\"summary\"><td>").append(s.repCount()).append("</td><td>").append(s.setCount()).append("</td><td>")
                .append(left).append("</td><td>").append(right).append("</td><td>").append(f2(s.meanPeakDropDeg())).append("</td><td>")
                .append(f2(s.meanHoldS())).append("</td>");
        for (int n : s.faultCounts().values()) h.append("<td>").append(n).append("</td>");
        h.append("</tr>\n</table>\n");
    }

    private static void advice(StringBuilder h, Report r, Targets targets) {
        h.append("<h2>What to work on</h2>\n");
        Map<String, Integer> counts = r.summary().faultCounts();
        boolean any = counts.values().stream().anyMatch(n -> n > 0);
        if (r.reps().isEmpty()) {
            h.append("<p>Nothing to assess without repetitions.</p>\n");
            return;
        }
        if (!any) {
            h.append("<p>No faults: the support knee stayed straight, the drops were slow and the holds long enough")
                    .append(r.thresholds().targetDepthDeg() != null ? ", and every drop reached the prescribed depth" : "")
                    .append(". Keep it up.</p>\n");
            return;
        }
        h.append("<ul class=\"advice\">\n");
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() == 0) continue;
            String f = e.getKey();
            List<Integer> reps = r.reps().stream().filter(rep -> rep.faults().stream().anyMatch(x -> x.jsonName().equals(f)))
                    .map(Rep::index).toList();
            h.append("<li><b>").append(Html.escape(Advice.title(f))).append("</b> in ").append(e.getValue()).append(" of ")
                    .append(r.reps().size()).append(" repetitions (").append(repList(reps, 8)).append("): ")
                    .append(Html.escape(Advice.meaning(f, r.thresholds()))).append(".<br/><span class=\"todo\">What to do: ")
                    .append(Html.escape(Advice.whatToDo(f, r.thresholds(), targets))).append("</span></li>\n");
        }
        h.append("</ul>\n");
    }

    /** "reps 1, 4, 9" or, past {@code max}, "reps 1, 4, 9, ... and 12 more". */
    static String repList(List<Integer> reps, int max) {
        String shown = reps.stream().limit(max).map(String::valueOf).collect(Collectors.joining(", "));
        String more = reps.size() > max ? " and " + (reps.size() - max) + " more" : "";
        return (reps.size() == 1 ? "rep " : "reps ") + shown + more;
    }

    private static void sides(StringBuilder h, Report r) {
        h.append("<h2>Left and right</h2>\n");
        h.append("<table class=\"figures\" id=\"sides\">\n<tr><th>Side</th><th>Repetitions</th><th>Mean peak drop (deg)</th>"
                + "<th>Mean hold (s)</th><th>Mean lowering (s)</th><th>Mean knee drop (cm)</th><th>Reps with a fault</th></tr>\n");
        double[][] stats = new double[2][];
        for (Side side : Side.values()) {
            List<Rep> reps = r.reps().stream().filter(rep -> rep.side() == side).toList();
            h.append("<tr class=\"side\"><td>").append(side.jsonName()).append("</td><td>").append(reps.size()).append("</td>");
            if (reps.isEmpty()) {
                h.append("<td>-</td><td>-</td><td>-</td><td>-</td><td>-</td></tr>\n");
                continue;
            }
            double depth = mean(reps, Rep::peakDropDeg), hold = mean(reps, Rep::holdS);
            stats[side.ordinal()] = new double[] {depth, hold};
            h.append("<td>").append(f2(depth)).append("</td><td>").append(f2(hold)).append("</td><td>")
                    .append(f2(mean(reps, Rep::lowerS))).append("</td><td>").append(f2(mean(reps, Rep::kneeDropCm))).append("</td><td>")
                    .append(reps.stream().filter(rep -> !rep.faults().isEmpty()).count()).append("</td></tr>\n");
        }
        h.append("</table>\n");
        if (stats[0] != null && stats[1] != null) {
            double dDepth = stats[0][0] - stats[1][0], dHold = stats[0][1] - stats[1][1];
            String deeper = Math.abs(dDepth) < 1.0 ? "Both sides dropped about as far (within 1 degree)."
                    : "The " + (dDepth > 0 ? "left" : "right") + " side dropped " + f1(Math.abs(dDepth))
                    + " degrees further on average than the " + (dDepth > 0 ? "right" : "left") + ".";
            String held = Math.abs(dHold) < 0.3 ? " Holds were about as long on both sides."
                    : " Holds were " + f1(Math.abs(dHold)) + " s longer on the " + (dHold > 0 ? "left" : "right") + ".";
            h.append("<p>").append(deeper).append(held).append("</p>\n");
        }
    }

    // ---- charts ----

    private static void overallChart(StringBuilder h, ReportContext ctx, Charts charts) {
        h.append("<h2>Drop angle over time</h2>\n");
        if (ctx.trace() == null || ctx.trace().isEmpty()) {
            h.append("<p class=\"note\">The recording's samples could not be read, so there is no chart.</p>\n");
            return;
        }
        AngleTrace tr = ctx.trace();
        Chart c = angleChart(tr, tr.timeS(0), tr.timeS(tr.size() - 1), 0, ctx.report().reps(), ctx.report().sets(),
                ctx.report().thresholds(), "Pelvic obliquity over the whole recording");
        h.append("<div class=\"chart\">").append(embed(c, charts)).append("</div>\n");
        h.append("<p class=\"legend\">Pelvic obliquity in degrees: up when the left side of the pelvis is lower, down when the right is "
                + "(each set is labelled with its side). Shaded: each repetition (<span class=\"left\">left</span>, "
                + "<span class=\"right\">right</span>), numbered when there is room; at its peak drop a round dot when it had no "
                + "fault, an orange triangle when it had one. Grey band: level (within ").append(f1(ctx.report().thresholds().levelDeg()))
                .append(" degrees).</p>\n");
    }

    private static void sets(StringBuilder h, ReportContext ctx, Charts charts, boolean compact) {
        Report r = ctx.report();
        if (r.sets().isEmpty()) return;
        h.append("<h2>Sets</h2>\n");
        h.append("<table class=\"figures\" id=\"sets\">\n<tr><th>Set</th><th>Side</th><th>Start (s)</th><th>End (s)</th>"
                + "<th>Repetitions</th><th>Mean peak drop (deg)</th><th>Mean hold (s)</th><th>Faults</th></tr>\n");
        for (ExerciseSet set : r.sets()) {
            List<Rep> reps = repsOf(r, set);
            h.append("<tr class=\"set\"><td>").append(set.index()).append("</td><td>").append(set.side().jsonName()).append("</td><td>")
                    .append(f2(set.startS())).append("</td><td>").append(f2(set.endS())).append("</td><td>").append(set.repCount())
                    .append("</td><td>").append(f2(mean(reps, Rep::peakDropDeg))).append("</td><td>").append(f2(mean(reps, Rep::holdS)))
                    .append("</td><td class=\"words\">").append(Html.escape(faultText(reps))).append("</td></tr>\n");
        }
        h.append("</table>\n");
        if (compact) {
            // One chart for every rep instead of two per set: a long session's PDF stays a few pages.
            if (r.reps().size() >= 2) {
                h.append("<div class=\"chart small\">").append(embed(trendChart(r.reps(), r.thresholds(), r.sets(),
                        "Depth and hold of every repetition"), charts)).append("</div>\n");
                h.append("<p class=\"legend\">").append(TREND_LEGEND).append(" Each set is labelled with its side.</p>\n");
            }
            return;
        }
        for (ExerciseSet set : r.sets()) {
            List<Rep> reps = repsOf(r, set);
            h.append("<div class=\"set-detail\">\n<h3>Set ").append(set.index()).append(": ").append(set.side().jsonName())
                    .append(" side, ").append(set.repCount()).append(plural(set.repCount(), " repetition", " repetitions"))
                    .append("</h3>\n");
            if (ctx.trace() != null && !ctx.trace().isEmpty()) {
                int sign = set.side() == Side.LEFT ? 1 : -1;
                Chart c = angleChart(ctx.trace(), set.startS() - 3, set.endS() + 3, sign, reps, List.of(set), r.thresholds(),
                        "Drop angle in set " + set.index());
                h.append("<div class=\"chart\">").append(embed(c, charts)).append("</div>\n");
            }
            h.append("<p class=\"trend\">").append(Html.escape(fatigue(reps))).append("</p>\n");
            if (reps.size() >= 2) {
                h.append("<div class=\"chart small\">").append(embed(trendChart(reps, r.thresholds(), List.of(set),
                        "Depth and hold across set " + set.index()), charts)).append("</div>\n");
                h.append("<p class=\"legend\">").append(TREND_LEGEND).append("</p>\n");
            }
            h.append("</div>\n");
        }
    }

    private static final String TREND_LEGEND = "Bars: peak drop of each repetition (degrees, left scale), an orange triangle "
            + "above the bar when the repetition had a fault. Line: hold at the bottom (seconds, right scale); orange dashes: "
            + "the short-hold threshold; grey dashes: the prescribed depth, when there is one.";

    /** Depth and hold across the set: early reps against late ones. */
    static String fatigue(List<Rep> reps) {
        int n = reps.size();
        if (n < 4) return "Too few repetitions in this set to judge a trend.";
        int k = Math.max(2, n / 3);
        List<Rep> first = reps.subList(0, k), last = reps.subList(n - k, n);
        double d0 = mean(first, Rep::peakDropDeg), d1 = mean(last, Rep::peakDropDeg);
        double h0 = mean(first, Rep::holdS), h1 = mean(last, Rep::holdS);
        double dChange = d0 > 0 ? (d1 - d0) / d0 : 0, hChange = h0 > 0 ? (h1 - h0) / h0 : 0;
        String text = String.format(Locale.ROOT, "From the first %d to the last %d repetitions the drop went from %.1f to %.1f degrees "
                + "(%+.0f %%) and the hold from %.1f to %.1f s (%+.0f %%).", k, k, d0, d1, 100 * dChange, h0, h1, 100 * hChange);
        boolean depthFell = dChange < -0.15, holdFell = hChange < -0.25;
        if (depthFell || holdFell) {
            return text + " The " + (depthFell && holdFell ? "drop and the hold" : depthFell ? "drop" : "hold")
                    + " fell off towards the end of the set: a sign of fatigue. Fewer repetitions or a rest may help.";
        }
        return text + " Depth and hold held up through the set.";
    }

    private static String embed(Chart c, Charts charts) {
        return charts == Charts.SVG ? c.toSvg()
                : "<img class=\"chart\" alt=\"chart\" src=\"" + c.toPngDataUri(2) + "\" style=\"width: 100%;\"/>";
    }

    /**
     * The angle over a time window. With {@code sign} 0 the signed obliquity is drawn (left down up);
     * with +1 or -1 the drop angle of that side (the set's side down is up).
     */
    static Chart angleChart(AngleTrace trace, double fromS, double toS, int sign, List<Rep> reps,
                                    List<ExerciseSet> sets, Thresholds t, String title) {
        double w = 720, ht = 226, left = 40, right = 14, top = 20, bottom = 36;
        double[][] pts = trace.window(fromS, toS, 1400);
        double[] ts = pts[0], as = pts[1];
        double k = sign == 0 ? 1 : sign;
        double max = t.minPeakDeg(), min = -t.minPeakDeg();
        for (double a : as) {
            max = Math.max(max, k * a);
            min = Math.min(min, k * a);
        }
        for (Rep rep : reps) {
            double p = sign == 0 ? (rep.side() == Side.LEFT ? 1 : -1) * rep.peakDropDeg() : rep.peakDropDeg();
            max = Math.max(max, p);
            min = Math.min(min, p);
        }
        double step = niceStep((max - min) / 5);
        double yHi = Math.ceil((max + 0.5) / step) * step, yLo = Math.floor((min - 0.5) / step) * step;
        if (sign == 0) {
            double m = Math.max(yHi, -yLo);
            yHi = m;
            yLo = -m;
        }
        double x0 = fromS, x1 = Math.max(toS, fromS + 1);
        double pw = w - left - right, ph = ht - top - bottom;
        final double fyLo = yLo, fyHi = yHi;
        java.util.function.DoubleUnaryOperator X = tt -> left + (tt - x0) / (x1 - x0) * pw;
        java.util.function.DoubleUnaryOperator Y = a -> top + (fyHi - a) / (fyHi - fyLo) * ph;
        Chart c = new Chart(w, ht, title);
        c.add(new Chart.Rect(left, Y.applyAsDouble(t.levelDeg()), pw, Y.applyAsDouble(-t.levelDeg()) - Y.applyAsDouble(t.levelDeg()), "#999999", 0.18));
        for (double y = yLo; y <= yHi + 1e-9; y += step) {
            double py = Y.applyAsDouble(y);
            c.add(new Chart.Line(left, py, w - right, py, Math.abs(y) < 1e-9 ? "#888888" : GRID, Math.abs(y) < 1e-9 ? 1 : 0.5, false));
            c.add(new Chart.Text(left - 4, py + 3.5, fmtTick(y), 10, INK, "end"));
        }
        double xStep = niceTimeStep((x1 - x0) / 8);
        for (double x = Math.ceil(x0 / xStep) * xStep; x <= x1 + 1e-9; x += xStep) {
            double px = X.applyAsDouble(x);
            c.add(new Chart.Line(px, top, px, top + ph, GRID, 0.5, false));
            c.add(tickLabel(px, top + ph + 12, fmtTick(x), w));
        }
        c.add(new Chart.Text(left + pw / 2, ht - 6, "time (s)", 10, INK, "middle"));
        c.add(new Chart.Text(2, 10, sign == 0 ? "deg" : "drop (deg)", 10, INK, "start"));
        if (sign == 0) {
            c.add(new Chart.Text(w - right - 3, top + 11, "left side down", 9, LEFT_COLOR, "end"));
            c.add(new Chart.Text(w - right - 3, top + ph - 4, "right side down", 9, RIGHT_COLOR, "end"));
        }
        for (ExerciseSet set : sets) {
            if (sign == 0) {
                double px = X.applyAsDouble(Math.max(set.startS(), x0));
                String label = sets.size() > 8 ? "" + set.index() + (set.side() == Side.LEFT ? " L" : " R")
                        : "set " + set.index() + " " + set.side().jsonName();
                c.add(new Chart.Text(Math.min(px + 2, w - 60), top - 4, label, 9, INK, "start"));
            }
        }
        for (Rep rep : reps) {
            if (rep.endS() < x0 || rep.startS() > x1) continue;
            String col = rep.side() == Side.LEFT ? LEFT_COLOR : RIGHT_COLOR;
            double a = X.applyAsDouble(Math.max(rep.startS(), x0)), b = X.applyAsDouble(Math.min(rep.endS(), x1));
            c.add(new Chart.Rect(a, top, Math.max(1, b - a), ph, col, 0.10));
        }
        double[] xs = new double[ts.length], ys = new double[ts.length];
        for (int i = 0; i < ts.length; i++) {
            xs[i] = X.applyAsDouble(ts[i]);
            ys[i] = Y.applyAsDouble(Math.max(fyLo, Math.min(fyHi, k * as[i])));
        }
        c.add(new Chart.Poly(xs, ys, INK, 1.1));
        // Numbers stay readable up to about one per 18 units of width; beyond that the per-set charts carry them.
        long shown = reps.stream().filter(rep -> rep.bottomS() >= x0 && rep.bottomS() <= x1).count();
        boolean numbered = shown <= pw / 18;
        for (Rep rep : reps) {
            if (rep.bottomS() < x0 || rep.bottomS() > x1) continue;
            String col = rep.side() == Side.LEFT ? LEFT_COLOR : RIGHT_COLOR;
            double p = sign == 0 ? (rep.side() == Side.LEFT ? 1 : -1) * rep.peakDropDeg() : rep.peakDropDeg();
            double px = X.applyAsDouble(rep.bottomS()), py = Y.applyAsDouble(p);
            c.add(rep.faults().isEmpty() ? new Chart.Dot(px, py, 3, col) : new Chart.Tri(px, py, 3.6, FAULT_COLOR));
            if (numbered) c.add(new Chart.Text(px, p >= 0 ? py - 6 : py + 13, Integer.toString(rep.index()), 9, col, "middle"));
        }
        return c;
    }

    static final String FAULT_COLOR = "#e67e22";

    /** A tick label under the x axis, moved in so that it is not cut at either edge. */
    private static Chart.Text tickLabel(double px, double y, String text, double w) {
        Chart.Text t = new Chart.Text(px, y, text, 10, INK, "middle");
        java.awt.geom.Rectangle2D b = Chart.bounds(t);
        if (b.getMaxX() > w - 1) return new Chart.Text(w - 1, y, text, 10, INK, "end");
        if (b.getMinX() < 1) return new Chart.Text(1, y, text, 10, INK, "start");
        return t;
    }

    /** Peak drop (bars) and hold (line) for each rep, with the sets' sides labelled above their reps. */
    static Chart trendChart(List<Rep> reps, Thresholds t, List<ExerciseSet> sets, String title) {
        double w = 720, ht = 168, left = 40, right = 40, top = 26, bottom = 32;
        double pw = w - left - right, ph = ht - top - bottom;
        double maxDeg = t.targetDepthDeg() == null ? 0 : t.targetDepthDeg(), maxHold = t.shortHoldS();
        for (Rep r : reps) {
            maxDeg = Math.max(maxDeg, r.peakDropDeg());
            maxHold = Math.max(maxHold, r.holdS());
        }
        double degStep = niceStep(maxDeg / 4), holdStep = niceStep(maxHold / 4);
        // Four nice divisions on each axis, so that both scales share the grid lines.
        while (degStep * 4 < maxDeg) degStep = niceStep(degStep * 1.01);
        while (holdStep * 4 < maxHold) holdStep = niceStep(holdStep * 1.01);
        double degTop = 4 * degStep, holdTop = 4 * holdStep;
        Chart c = new Chart(w, ht, title);
        for (int i = 0; i <= 4; i++) {
            double py = top + ph - ph * i / 4.0;
            c.add(new Chart.Line(left, py, w - right, py, GRID, 0.5, false));
            c.add(new Chart.Text(left - 4, py + 3.5, fmtTick(degTop * i / 4), 10, INK, "end"));
            c.add(new Chart.Text(w - right + 4, py + 3.5, fmtTick(holdTop * i / 4), 10, INK, "start"));
        }
        c.add(new Chart.Text(2, 10, "drop (deg)", 10, INK, "start"));
        c.add(new Chart.Text(w - 2, 10, "hold (s)", 10, INK, "end"));
        int n = reps.size();
        double slot = pw / n;
        int every = (int) Math.ceil(16 / slot); // rep numbers no closer than 16 units
        double[] xs = new double[n], ys = new double[n];
        int lastSet = -1;
        for (int i = 0; i < n; i++) {
            Rep r = reps.get(i);
            String col = r.side() == Side.LEFT ? LEFT_COLOR : RIGHT_COLOR;
            double bh = r.peakDropDeg() / degTop * ph, bx = left + slot * i;
            c.add(new Chart.Rect(bx + slot * 0.2, top + ph - bh, slot * 0.6, bh, col, 0.55));
            if (!r.faults().isEmpty()) {
                c.add(new Chart.Tri(bx + slot * 0.5, top + ph - bh - 4, Math.min(3.6, Math.max(1.6, slot * 0.35)), FAULT_COLOR));
            }
            if (r.index() % every == 0 || every == 1) {
                c.add(new Chart.Text(bx + slot * 0.5, top + ph + 11, Integer.toString(r.index()), 9, INK, "middle"));
            }
            if (sets.size() > 1 && r.set() != lastSet) {
                // Where a set starts: a line, and its side in words.
                if (lastSet >= 0) c.add(new Chart.Line(bx, top, bx, top + ph, "#888888", 0.8, false));
                ExerciseSet set = sets.stream().filter(x -> x.index() == r.set()).findFirst().orElse(null);
                if (set != null && set.repCount() * slot >= 14) {
                    String label = set.repCount() * slot >= 52 ? "set " + set.index() + " " + set.side().jsonName()
                            : set.index() + (set.side() == Side.LEFT ? " L" : " R");
                    c.add(new Chart.Text(Math.min(bx + 2, w - right - 50), top - 4, label, 9, INK, "start"));
                }
            }
            lastSet = r.set();
            xs[i] = bx + slot * 0.5;
            ys[i] = top + ph - Math.min(r.holdS(), holdTop) / holdTop * ph;
        }
        double thY = top + ph - t.shortHoldS() / holdTop * ph;
        c.add(new Chart.Line(left, thY, w - right, thY, FAULT_COLOR, 1, true));
        if (t.targetDepthDeg() != null) {
            double dy = top + ph - t.targetDepthDeg() / degTop * ph;
            c.add(new Chart.Line(left, dy, w - right, dy, "#666666", 1, true));
        }
        c.add(new Chart.Poly(xs, ys, INK, 1.5));
        for (int i = 0; i < n; i++) c.add(new Chart.Dot(xs[i], ys[i], n > 60 ? 1.5 : 2.5, INK));
        c.add(new Chart.Text(left + pw / 2, ht - 6, "repetition", 10, INK, "middle"));
        return c;
    }

    // ---- tables ----

    private static void repTable(StringBuilder h, Report r) {
        h.append("<h2>Repetitions</h2>\n");
        if (r.reps().isEmpty()) {
            h.append("<p>None.</p>\n");
            return;
        }
        h.append("<table class=\"reps\" id=\"reps\">\n<thead><tr><th>Rep</th><th>Set</th><th>Side</th><th>Start (s)</th><th>Bottom (s)</th>"
                + "<th>End (s)</th><th>Peak drop (deg)</th><th>Hold (s)</th><th>Lowering (s)</th><th>Raising (s)</th>"
                + "<th>Knee drop (cm)</th><th>Faults</th></tr></thead>\n<tbody>\n");
        for (Rep rep : r.reps()) {
            h.append("<tr class=\"rep").append(rep.faults().isEmpty() ? "" : " faulty").append("\"><td>").append(rep.index())
                    .append("</td><td>").append(rep.set()).append("</td><td>").append(rep.side().jsonName()).append("</td>");
            for (double v : new double[] {rep.startS(), rep.bottomS(), rep.endS(), rep.peakDropDeg(), rep.holdS(), rep.lowerS(),
                    rep.raiseS(), rep.kneeDropCm()}) {
                h.append("<td>").append(f2(v)).append("</td>");
            }
            h.append("<td>").append(Html.escape(faultWords(rep))).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    /** A rep's faults in words, "-" for none. */
    static String faultWords(Rep rep) {
        return rep.faults().isEmpty() ? "-"
                : rep.faults().stream().map(f -> Advice.words(f.jsonName())).collect(Collectors.joining(", "));
    }

    /** A long session's per-rep detail, one row per set: ranges and means, and which reps had which fault. */
    private static void repsBySet(StringBuilder h, Report r) {
        h.append("<h2>Repetitions by set</h2>\n");
        if (r.reps().isEmpty()) {
            h.append("<p>None.</p>\n");
            return;
        }
        h.append("<p class=\"note\">").append(r.reps().size()).append(" repetitions, summarised per set to keep this report short; "
                + "every repetition's numbers are in the CSV and JSON exports of this report.</p>\n");
        h.append("<table class=\"reps\" id=\"reps-by-set\">\n<thead><tr><th>Set</th><th>Side</th><th>Reps</th>"
                + "<th>Peak drop (deg), lowest-highest</th><th>Hold (s), shortest-longest</th><th>Mean lowering (s)</th>"
                + "<th>Mean knee drop (cm)</th><th>Faults</th></tr></thead>\n<tbody>\n");
        for (ExerciseSet set : r.sets()) {
            List<Rep> reps = repsOf(r, set);
            if (reps.isEmpty()) continue;
            double dLo = reps.stream().mapToDouble(Rep::peakDropDeg).min().orElse(0);
            double dHi = reps.stream().mapToDouble(Rep::peakDropDeg).max().orElse(0);
            double hLo = reps.stream().mapToDouble(Rep::holdS).min().orElse(0);
            double hHi = reps.stream().mapToDouble(Rep::holdS).max().orElse(0);
            List<String> faults = new ArrayList<>();
            for (Fault f : Fault.values()) {
                List<Integer> with = reps.stream().filter(x -> x.has(f)).map(Rep::index).toList();
                if (!with.isEmpty()) faults.add(Advice.words(f.jsonName()) + ": " + repList(with, 12));
            }
            boolean faulty = !faults.isEmpty();
            h.append("<tr class=\"set-reps").append(faulty ? " faulty" : "").append("\"><td>").append(set.index()).append("</td><td>")
                    .append(set.side().jsonName()).append("</td><td>").append(reps.size()).append("</td><td class=\"range\">").append(f2(dLo))
                    .append(" - ").append(f2(dHi)).append("</td><td class=\"range\">").append(f2(hLo)).append(" - ").append(f2(hHi))
                    .append("</td><td>").append(f2(mean(reps, Rep::lowerS))).append("</td><td>").append(f2(mean(reps, Rep::kneeDropCm)))
                    .append("</td><td class=\"words\">").append(Html.escape(faulty ? String.join("; ", faults) : "none")).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void thresholds(StringBuilder h, Thresholds t) {
        h.append("<h2>Thresholds used</h2>\n<table class=\"kv\" id=\"thresholds\">\n");
        kv(h, "Level: drop angle within (deg)", f2(t.levelDeg()));
        kv(h, "A repetition reaches at least (deg)", f2(t.minPeakDeg()));
        kv(h, "Hold: within this of the peak (deg)", f2(t.holdBandDeg()));
        kv(h, "Knee bend: support hip sinks more than (cm)", f2(t.kneeDropCm()));
        kv(h, "Short hold: hold shorter than (s)", f2(t.shortHoldS()));
        kv(h, "Too fast: lowering shorter than (s)", f2(t.tooFastLowerS()));
        kv(h, "Too shallow: peak drop under (deg)", t.targetDepthDeg() == null ? "not judged: no depth prescribed"
                : f2(t.targetDepthDeg()));
        h.append("</table>\n");
    }

    private static void details(StringBuilder h, ReportContext ctx) {
        Report.RecordingInfo info = ctx.report().recording();
        h.append("<h2>Device and recording</h2>\n<table class=\"kv\" id=\"details\">\n");
        if (ctx.sessionId() != null) kv(h, "Session", ctx.sessionId() + (ctx.status() == null ? "" : " (" + ctx.status().dbName() + ")"));
        kv(h, "Started", ctx.startedAt() == null ? "not recorded" : DATE.format(ctx.startedAt().atZone(ctx.zone())));
        kv(h, "Sensor", ctx.sensor());
        kv(h, "Mounting (axes as worn)", ctx.axes());
        kv(h, "Source", info.source());
        kv(h, "Samples file (name)", ctx.recordingFile());
        kv(h, "Duration (s)", f2(info.durationS()));
        kv(h, "Samples", Integer.toString(info.samples()));
        kv(h, "Sample rate (Hz)", f2(info.rateHz()));
        kv(h, "Dropped samples", Integer.toString(info.droppedSamples()));
        if (info.timeSource() != null) kv(h, "Sample times", info.timeSource());
        if (ctx.notes() != null && !ctx.notes().isBlank()) kv(h, "Notes", ctx.notes());
        if (ctx.failure() != null) kv(h, "Recording problem", ReportContext.pathsToNames(ctx.failure()));
        h.append("</table>\n");
    }

    // ---- helpers ----

    private static void kv(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(Html.escape(k)).append("</th><td>").append(Html.escape(v)).append("</td></tr>\n");
    }

    static List<Rep> repsOf(Report r, ExerciseSet set) {
        return r.reps().stream().filter(rep -> rep.set() == set.index()).toList();
    }

    private static String faultText(List<Rep> reps) {
        Map<String, Long> counts = reps.stream().flatMap(rep -> rep.faults().stream())
                .collect(Collectors.groupingBy(Fault::jsonName, java.util.TreeMap::new, Collectors.counting()));
        if (counts.isEmpty()) return "none";
        return counts.entrySet().stream().map(e -> Advice.counted(e.getKey(), e.getValue())).collect(Collectors.joining(", "));
    }

    private static int count(List<Rep> reps, Side side) {
        return (int) reps.stream().filter(r -> r.side() == side).count();
    }

    static double mean(List<Rep> reps, java.util.function.ToDoubleFunction<Rep> f) {
        return reps.isEmpty() ? 0 : reps.stream().mapToDouble(f).average().orElse(0);
    }

    /** Numbers as the report JSON has them (4 decimals) and then shortened, so the two always agree. */
    static String f2(double v) { return String.format(Locale.ROOT, "%.2f", asInJson(v)); }

    private static double asInJson(double v) { return Math.round(v * 10_000) / 10_000.0; }

    private static String f1(double v) { return String.format(Locale.ROOT, "%.1f", asInJson(v)); }

    private static String plural(int n, String one, String many) { return n == 1 ? one : many; }

    private static String duration(double s) {
        long total = Math.round(s);
        return total >= 60 ? String.format(Locale.ROOT, "%d min %02d s", total / 60, total % 60) : total + " s";
    }

    private static String fmtTick(double v) {
        return Math.abs(v - Math.rint(v)) < 1e-9 ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static double niceStep(double raw) {
        if (!(raw > 0)) return 1;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
    }

    private static double niceTimeStep(double raw) {
        for (double s : new double[] {1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 1200}) if (s >= raw) return s;
        return niceStep(raw);
    }

    private static String css() {
        try (InputStream in = HtmlReport.class.getResourceAsStream("/report/report.css")) {
            if (in == null) throw new IllegalStateException("report/report.css is missing from the program");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
