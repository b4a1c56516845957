package org.hiphike.session;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.stream.Collectors;
import org.hiphike.exercise.Fault;
import org.hiphike.exercise.Rep;
import org.hiphike.exercise.Report;

/**
 * One row per rep, the report JSON's rep fields as columns (same names and units), for
 * spreadsheets. Faults are separated by ';' (empty for none); numbers have at most 4 decimals like
 * the JSON.
 */
public final class CsvReport {
    public static final String HEADER =
            "session,rep,set,side,start_s,bottom_s,end_s,peak_drop_deg,hold_s,lower_s,raise_s,knee_drop_cm,faults";

    private CsvReport() {}

    /** @param sessionId written in the first column; null for a file analysed on the fly (empty cells) */
    public static String render(Report report, Long sessionId) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        String session = sessionId == null ? "" : sessionId.toString();
        for (Rep r : report.reps()) {
            sb.append(session).append(',').append(r.index()).append(',').append(r.set()).append(',').append(r.side().jsonName());
            for (double v : new double[] {r.startS(), r.bottomS(), r.endS(), r.peakDropDeg(), r.holdS(), r.lowerS(), r.raiseS(),
                    r.kneeDropCm()}) {
                sb.append(',').append(number(v));
            }
            sb.append(',').append(r.faults().stream().map(Fault::jsonName).collect(Collectors.joining(";"))).append('\n');
        }
        return sb.toString();
    }

    static String number(double v) {
        if (!Double.isFinite(v)) return "";
        BigDecimal d = BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
        if (d.scale() < 1) d = d.setScale(1);
        return d.toPlainString();
    }
}
