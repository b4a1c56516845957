package org.hiphike.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.hiphike.exercise.ReportJson;
import org.hiphike.exercise.Side;
import org.hiphike.session.NoSuchSessionException;
import org.hiphike.session.ReportContext;
import org.hiphike.session.ReportExporter;
import org.hiphike.session.ReportFormat;
import org.hiphike.session.SessionStatus;
import org.hiphike.session.SessionStore;
import org.hiphike.session.SessionStoreException;
import org.hiphike.session.SessionSummary;
import org.hiphike.session.StoredSession;
import org.hiphike.session.TrendBucket;
import org.hiphike.session.TrendPeriod;

/**
 * The dashboard's history API over the {@link SessionStore}: the sessions list, one session with its
 * report, notes, delete, report exports and trends (docs/dashboard.md). The routes exist whether or
 * not sessions are saved; without a store they answer 404 so the page can hide its history.
 *
 * <p>Sessions are named by their numeric id only: no client-supplied text reaches the file system.
 * The token and Origin checks of {@link DashboardServer}'s {@code before} handler cover these routes.
 */
final class HistoryRoutes {
    /** Longest notes accepted, in characters (UTF-16 units, as a browser's {@code maxlength} counts them). */
    static final int MAX_NOTES_CHARS = 4000;
    static final String NOT_SAVED = "sessions are not saved (the dashboard was started with --no-save, or the session store could not be opened)";
    /** The origins trends count by default: real exercise, not replays or the simulated sensor. */
    static final List<String> DEFAULT_TREND_ORIGINS = List.of("live", "import");
    static final int DEFAULT_WEEKS = 8;
    static final int DEFAULT_DAYS = 28;
    /** Longest trends range accepted, days (ten years). */
    static final long MAX_TREND_DAYS = 3660;
    private static final Pattern ID = Pattern.compile("[0-9]{1,18}");

    private HistoryRoutes() {}

    /** Registers the history routes; {@code store} is null when sessions are not saved. */
    static void register(RoutesConfig routes, SessionStore store) {
        // Always answers, so the page learns whether to show its history without a failed request.
        routes.get("/api/history", ctx -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("saved", store != null);
            if (store == null) m.put("reason", NOT_SAVED);
            json(ctx, m);
        });
        routes.get("/api/sessions", guarded(store, ctx -> {
            List<Map<String, Object>> lines = new ArrayList<>();
            for (SessionSummary s : store.list()) lines.add(line(s));
            Collections.reverse(lines); // newest first
            json(ctx, lines);
        }));
        routes.get("/api/sessions/{id}", guarded(store, ctx -> json(ctx, detail(store.get(id(ctx))))));
        routes.put("/api/sessions/{id}/notes", guarded(store, ctx -> {
            long id = id(ctx);
            JsonNode body = DashboardServer.body(ctx);
            JsonNode n = body.get("notes");
            if (n != null && !n.isNull() && !n.isTextual()) throw new IllegalArgumentException("notes must be text");
            String notes = n == null || n.isNull() ? "" : n.asText();
            if (notes.length() > MAX_NOTES_CHARS) {
                throw new IllegalArgumentException("notes are limited to " + MAX_NOTES_CHARS + " characters (these have " + notes.length() + ")");
            }
            store.setNotes(id, notes);
            json(ctx, line(store.get(id).summary()));
        }));
        routes.delete("/api/sessions/{id}", guarded(store, ctx -> {
            long id = id(ctx);
            StoredSession s = store.get(id);
            try {
                store.delete(id);
            } catch (NoSuchSessionException e) {
                throw e;
            } catch (SessionStoreException e) {
                if (s.summary().status() == SessionStatus.RECORDING) {
                    throw new HttpResponseException(409, "session " + id + " is being recorded now; stop the source first, then delete it");
                }
                throw e;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("deleted", id);
            json(ctx, m);
        }));
        routes.get("/api/sessions/{id}/report", guarded(store, ctx -> {
            long id = id(ctx);
            ReportFormat format = format(ctx.queryParam("format"));
            StoredSession s = store.get(id);
            if (s.report() == null) {
                throw new HttpResponseException(409, "session " + id + " is being recorded now; its report is ready when it ends");
            }
            boolean charts = format == ReportFormat.HTML || format == ReportFormat.PDF;
            byte[] bytes = ReportExporter.render(ReportContext.ofSession(s, zone(ctx.queryParam("tz")), charts), format);
            ctx.header("Content-Disposition", "attachment; filename=\"hiphike-session-" + id + "." + format.extension() + "\"");
            ctx.contentType(contentType(format)).result(bytes);
        }));
        routes.get("/api/trends", guarded(store, ctx -> json(ctx, trends(store, ctx))));
    }

    /** Answers 404 without a store; maps the store's failures to statuses. */
    private static Handler guarded(SessionStore store, Handler h) {
        return ctx -> {
            if (store == null) throw new HttpResponseException(404, NOT_SAVED);
            try {
                h.handle(ctx);
            } catch (NoSuchSessionException e) {
                throw new HttpResponseException(404, "no session " + e.id());
            } catch (SessionStoreException e) {
                throw new HttpResponseException(500, e.getMessage());
            }
        };
    }

    /** The id in the path: digits only, else 400. */
    static long id(Context ctx) {
        String raw = ctx.pathParam("id");
        if (!ID.matcher(raw).matches()) throw new IllegalArgumentException("a session id is a number, not '" + clip(raw) + "'");
        return Long.parseLong(raw);
    }

    private static ReportFormat format(String raw) {
        if (raw == null || raw.isEmpty()) return ReportFormat.HTML;
        for (ReportFormat f : ReportFormat.values()) if (f.extension().equals(raw)) return f;
        throw new IllegalArgumentException("format must be html, pdf, csv or json, not '" + clip(raw) + "'");
    }

    static String contentType(ReportFormat f) {
        return switch (f) {
            case HTML -> "text/html; charset=utf-8";
            case PDF -> "application/pdf";
            case CSV -> "text/csv; charset=utf-8";
            case JSON -> "application/json";
        };
    }

    /** One line of {@code GET /api/sessions}. */
    static Map<String, Object> line(SessionSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("started_at", s.startedAt().toString());
        m.put("status", s.status().dbName());
        m.put("origin", s.origin());
        m.put("source", s.source());
        m.put("sensor", s.sensor());
        m.put("duration_s", s.durationS());
        m.put("set_count", s.setCount());
        m.put("reps_left", s.repsLeft());
        m.put("reps_right", s.repsRight());
        m.put("mean_peak_drop_deg", s.meanPeakDropDeg());
        m.put("mean_hold_s", s.meanHoldS());
        Map<String, Integer> faults = new TreeMap<>(s.faultCounts());
        m.put("fault_counts", faults);
        m.put("notes", s.notes());
        return m;
    }

    /** {@code GET /api/sessions/{id}}: the line, how it was recorded, and the report JSON v1 (null while recording). */
    static Map<String, Object> detail(StoredSession s) throws IOException {
        Map<String, Object> m = line(s.summary());
        m.put("ended_at", s.endedAt() == null ? null : s.endedAt().toString());
        m.put("failure", s.failure());
        m.put("rate_hz", s.info().rateHz());
        m.put("axes", s.info().axes());
        m.put("thresholds", s.info().thresholds());
        m.put("report", s.report() == null ? null : Messages.mapper().readTree(ReportJson.toJson(s.report())));
        return m;
    }

    /** {@code GET /api/trends}. */
    static Map<String, Object> trends(SessionStore store, Context ctx) {
        ZoneId zone = zone(ctx.queryParam("tz"));
        String p = ctx.queryParam("period");
        TrendPeriod period;
        if (p == null || p.isEmpty() || p.equals("week")) period = TrendPeriod.WEEK;
        else if (p.equals("day")) period = TrendPeriod.DAY;
        else throw new IllegalArgumentException("period must be day or week, not '" + clip(p) + "'");
        LocalDate to = date(ctx.queryParam("to"), "to");
        if (to == null) to = LocalDate.now(zone);
        LocalDate from = date(ctx.queryParam("from"), "from");
        if (from == null) {
            from = period == TrendPeriod.WEEK
                    ? to.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(DEFAULT_WEEKS - 1)
                    : to.minusDays(DEFAULT_DAYS - 1);
        }
        if (from.isAfter(to)) throw new IllegalArgumentException("from (" + from + ") is after to (" + to + ")");
        if (ChronoUnit.DAYS.between(from, to) > MAX_TREND_DAYS) {
            throw new IllegalArgumentException("the range is limited to " + MAX_TREND_DAYS + " days");
        }
        List<String> origins = origins(ctx.queryParam("origins"));

        List<Map<String, Object>> buckets = new ArrayList<>();
        for (TrendBucket b : store.trends(from, to, period, zone, origins)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("period_start", b.periodStart().toString());
            m.put("session_count", b.sessionCount());
            m.put("all", side(b.all()));
            Map<String, Object> sides = new LinkedHashMap<>();
            for (Side s : Side.values()) {
                TrendBucket.SideTrend t = b.bySide().get(s);
                if (t != null) sides.put(s.jsonName(), side(t));
            }
            m.put("by_side", sides);
            buckets.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("period", period.name().toLowerCase(Locale.ROOT));
        out.put("from", from.toString());
        out.put("to", to.toString());
        out.put("zone", zone.getId());
        out.put("origins", origins);
        out.put("buckets", buckets);
        return out;
    }

    private static Map<String, Object> side(TrendBucket.SideTrend t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rep_count", t.repCount());
        m.put("mean_peak_drop_deg", t.meanPeakDropDeg());
        m.put("mean_hold_s", t.meanHoldS());
        m.put("fault_rate", t.faultRate());
        m.put("fault_counts", new TreeMap<>(t.faultCounts()));
        return m;
    }

    private static List<String> origins(String raw) {
        if (raw == null || raw.isBlank()) return DEFAULT_TREND_ORIGINS;
        Set<String> out = new LinkedHashSet<>();
        for (String o : raw.split(",")) {
            String t = o.strip();
            if (t.isEmpty()) continue;
            if (!SessionStore.ORIGINS.contains(t)) {
                throw new IllegalArgumentException("unknown origin '" + clip(t) + "' (one of " + String.join(", ", SessionStore.ORIGINS) + ")");
            }
            out.add(t);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no origin chosen");
        return List.copyOf(out);
    }

    private static LocalDate date(String raw, String name) {
        if (raw == null || raw.isEmpty()) return null;
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a date YYYY-MM-DD, not '" + clip(raw) + "'");
        }
    }

    private static ZoneId zone(String raw) {
        if (raw == null || raw.isEmpty()) return ZoneId.systemDefault();
        try {
            return ZoneId.of(raw);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + clip(raw) + "'");
        }
    }

    private static String clip(String s) { return s.length() > 40 ? s.substring(0, 40) + "…" : s; }

    private static void json(Context ctx, Object value) {
        ctx.contentType("application/json").result(Messages.json(value));
    }
}
