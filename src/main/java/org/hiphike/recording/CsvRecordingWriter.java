package org.hiphike.recording;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import org.hiphike.core.ImuSample;

/**
 * Writes CSV v1 (spec section 3) row by row, so that a live recording is on disk as it goes.
 * Time is written with 5 decimals, acceleration with 6 (1 micro-g), angular rate with 4.
 */
public final class CsvRecordingWriter implements Closeable, Flushable {
    public static final String MAGIC = "# hiphike recording v1";
    public static final String HEADER = "time_s,acc_x_g,acc_y_g,acc_z_g,gyr_x_dps,gyr_y_dps,gyr_z_dps";
    public static final String MAG_HEADER = ",mag_x_ut,mag_y_ut,mag_z_ut";

    private final Writer out;
    private final boolean withMagnetometer;
    private final StringBuilder line = new StringBuilder(128);

    /** Writes the magic line, the metadata and the header. */
    public CsvRecordingWriter(Writer out, Map<String, String> metadata, boolean withMagnetometer) throws IOException {
        this.out = out;
        this.withMagnetometer = withMagnetometer;
        out.write(MAGIC);
        out.write('\n');
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String value = e.getValue().replace('\n', ' ').replace('\r', ' ');
            out.write("# " + e.getKey() + ": " + value + "\n");
        }
        out.write(withMagnetometer ? HEADER + MAG_HEADER : HEADER);
        out.write('\n');
    }

    public void write(ImuSample s) throws IOException {
        line.setLength(0);
        appendFixed(line, s.timeS(), 5).append(',');
        appendFixed(line, s.accG().x(), 6).append(',');
        appendFixed(line, s.accG().y(), 6).append(',');
        appendFixed(line, s.accG().z(), 6).append(',');
        appendFixed(line, s.gyroDps().x(), 4).append(',');
        appendFixed(line, s.gyroDps().y(), 4).append(',');
        appendFixed(line, s.gyroDps().z(), 4);
        if (withMagnetometer) {
            if (s.magUt() != null) {
                line.append(',');
                appendFixed(line, s.magUt().x(), 3).append(',');
                appendFixed(line, s.magUt().y(), 3).append(',');
                appendFixed(line, s.magUt().z(), 3);
            } else {
                line.append(",,,");
            }
        }
        line.append('\n');
        out.append(line);
    }

    @Override
    public void flush() throws IOException { out.flush(); }

    @Override
    public void close() throws IOException { out.close(); }

    /** Appends {@code v} rounded to {@code decimals} places without the cost of String.format. */
    static StringBuilder appendFixed(StringBuilder sb, double v, int decimals) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException("not a finite number: " + v);
        long scale = 1;
        for (int i = 0; i < decimals; i++) scale *= 10;
        long scaled = Math.round(Math.abs(v) * scale);
        if (v < 0 && scaled != 0) sb.append('-');
        sb.append(scaled / scale);
        if (decimals > 0) {
            sb.append('.');
            String frac = Long.toString(scaled % scale);
            for (int i = frac.length(); i < decimals; i++) sb.append('0');
            sb.append(frac);
        }
        return sb;
    }
}
