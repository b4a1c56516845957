package org.hiphike.session;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hiphike.exercise.Fault;
import org.hiphike.exercise.Side;

/** Accumulates reps into day or week buckets for {@link SessionStore#trends}. */
final class Trends {
    private final TrendPeriod period;
    private final ZoneId zone;
    private final TreeMap<LocalDate, Bucket> buckets = new TreeMap<>();

    Trends(TrendPeriod period, ZoneId zone) {
        this.period = period;
        this.zone = zone;
    }

    void session(Instant startedAt) {
        bucket(startedAt).sessions++;
    }

    void rep(Instant sessionStart, Side side, double peakDropDeg, double holdS, List<String> faults) {
        Bucket b = bucket(sessionStart);
        b.all.add(peakDropDeg, holdS, faults);
        b.bySide.computeIfAbsent(side, s -> new Acc()).add(peakDropDeg, holdS, faults);
    }

    List<TrendBucket> buckets() {
        List<TrendBucket> out = new ArrayList<>();
        for (Map.Entry<LocalDate, Bucket> e : buckets.entrySet()) {
            Bucket b = e.getValue();
            Map<Side, TrendBucket.SideTrend> sides = new EnumMap<>(Side.class);
            b.bySide.forEach((side, acc) -> sides.put(side, acc.trend()));
            out.add(new TrendBucket(e.getKey(), period, b.sessions, b.all.trend(), sides));
        }
        return out;
    }

    private Bucket bucket(Instant t) {
        LocalDate day = t.atZone(zone).toLocalDate();
        LocalDate start = period == TrendPeriod.WEEK ? day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)) : day;
        return buckets.computeIfAbsent(start, d -> new Bucket());
    }

    private static final class Bucket {
        int sessions;
        final Acc all = new Acc();
        final Map<Side, Acc> bySide = new EnumMap<>(Side.class);
    }

    private static final class Acc {
        int reps, faulty;
        double peakSum, holdSum;
        final Map<String, Integer> faultCounts = new LinkedHashMap<>();

        Acc() {
            for (Fault f : Fault.values()) faultCounts.put(f.jsonName(), 0);
        }

        void add(double peakDropDeg, double holdS, List<String> faults) {
            reps++;
            peakSum += peakDropDeg;
            holdSum += holdS;
            if (!faults.isEmpty()) faulty++;
            for (String f : faults) faultCounts.merge(f, 1, Integer::sum);
        }

        TrendBucket.SideTrend trend() {
            return reps == 0 ? new TrendBucket.SideTrend(0, 0, 0, 0, faultCounts)
                    : new TrendBucket.SideTrend(reps, peakSum / reps, holdSum / reps, (double) faulty / reps, faultCounts);
        }
    }
}
