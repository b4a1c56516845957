package org.hiphike.cli;

import org.hiphike.protocol.CaptureOptions;
import org.hiphike.protocol.CsvLinesFormat;
import org.hiphike.protocol.Protocol;
import picocli.CommandLine.Option;

/** How to read a raw byte capture: the protocol (or auto-detection) and what the protocol itself does not say. */
public final class CaptureFormatOptions {
    @Option(names = "--format", paramLabel = "F",
            description = "protocol: auto (default), hiphike, witmotion-serial, witmotion-ble, ximu3-ascii, ximu3-binary, csv-lines")
    String format = "auto";

    @Option(names = "--rate-hz", paramLabel = "R",
            description = "sensor output rate in Hz; required for protocols without timestamps (WitMotion, CSV lines without time)")
    Double rateHz;

    @Option(names = "--csv-columns", paramLabel = "COLS",
            description = "csv-lines column order, e.g. t,ax,ay,az,gx,gy,gz (default); - skips a column")
    String csvColumns;

    @Option(names = "--csv-time-unit", paramLabel = "U", description = "csv-lines time unit: s, ms (default) or us")
    String csvTimeUnit;

    @Option(names = "--csv-acc-unit", paramLabel = "U", description = "csv-lines accelerometer unit: g (default), mps2 or counts:N (N counts per g)")
    String csvAccUnit;

    @Option(names = "--csv-gyro-unit", paramLabel = "U",
            description = "csv-lines gyroscope unit: dps (default), rads or counts:N (N counts per degree per second)")
    String csvGyroUnit;


    /** The chosen protocol, or null for auto-detection. */
    public Protocol protocol() {
        if (format.equalsIgnoreCase("auto")) return null;
        return Protocol.byName(format).orElseThrow(() -> new IllegalArgumentException(
                "unknown format '" + format + "' (use auto, " + Protocol.names() + ")"));
    }

    public boolean isAuto() { return format.equalsIgnoreCase("auto"); }

    public CaptureOptions options() { return options(CsvLinesFormat.DEFAULT); }

    /** The options, the csv-lines columns and units given overriding those of {@code base}. */
    public CaptureOptions options(CsvLinesFormat base) {
        CaptureOptions o = CaptureOptions.DEFAULT;
        if (rateHz != null) o = o.withRateHz(rateHz);
        CsvLinesFormat f = base;
        if (csvColumns != null) f = f.withColumns(CsvLinesFormat.parseColumns(csvColumns));
        if (csvTimeUnit != null) f = f.withTimeUnit(CsvLinesFormat.parseTimeUnit(csvTimeUnit));
        if (csvAccUnit != null) f = f.withAccSpec(csvAccUnit);
        if (csvGyroUnit != null) f = f.withGyroSpec(csvGyroUnit);
        return o.withCsvFormat(f);
    }
}
