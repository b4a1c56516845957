package org.hiphike.protocol;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How to read plain numeric text lines such as {@code 1234,0.01,0.99,-0.02,0.5,-1.2,0.1} printed by a
 * simple sketch: which column is what, and the units.
 *
 * @param columns          column meanings in order; {@link Column#IGNORED} for columns to skip
 * @param timeUnit         unit of the {@link Column#TIME} column (ignored when there is none)
 * @param accUnit          accelerometer unit
 * @param accCountsPerG    counts per g when {@code accUnit} is {@link AccUnit#COUNTS} (e.g. 16384 for ±2 g, 16 bit)
 * @param gyroUnit         gyroscope unit
 * @param gyroCountsPerDps counts per degree per second when {@code gyroUnit} is {@link GyroUnit#COUNTS}
 *                         (e.g. 131 for ±250 °/s, 16 bit)
 */
public record CsvLinesFormat(List<Column> columns, TimeUnit timeUnit, AccUnit accUnit, double accCountsPerG,
                             GyroUnit gyroUnit, double gyroCountsPerDps) {

    public static final double STANDARD_GRAVITY_MPS2 = 9.80665;

    public enum Column { TIME, ACC_X, ACC_Y, ACC_Z, GYRO_X, GYRO_Y, GYRO_Z, IGNORED }

    public enum TimeUnit {
        SECONDS(1), MILLISECONDS(1e-3), MICROSECONDS(1e-6);
        private final double seconds;
        TimeUnit(double seconds) { this.seconds = seconds; }
        public double seconds() { return seconds; }
    }

    public enum AccUnit { G, METERS_PER_SECOND_SQUARED, COUNTS }

    public enum GyroUnit { DEGREES_PER_SECOND, RADIANS_PER_SECOND, COUNTS }

    /** {@code t,ax,ay,az,gx,gy,gz}, time in milliseconds (Arduino {@code millis()}), g and degrees per second. */
    public static final CsvLinesFormat DEFAULT = new CsvLinesFormat(
            List.of(Column.TIME, Column.ACC_X, Column.ACC_Y, Column.ACC_Z, Column.GYRO_X, Column.GYRO_Y, Column.GYRO_Z),
            TimeUnit.MILLISECONDS, AccUnit.G, 1, GyroUnit.DEGREES_PER_SECOND, 1);

    /**
     * HyperIMU's CSV packet with the timestamp on and the accelerometer and gyroscope chosen, in that order:
     * {@code epoch ms, acc x, y, z (m/s², with gravity), gyro x, y, z (rad/s)}, Android's units and the phone's axes.
     */
    public static final CsvLinesFormat HYPERIMU = new CsvLinesFormat(DEFAULT.columns(), TimeUnit.MILLISECONDS,
            AccUnit.METERS_PER_SECOND_SQUARED, 1, GyroUnit.RADIANS_PER_SECOND, 1);

    public CsvLinesFormat {
        columns = List.copyOf(columns);
        Set<Column> seen = EnumSet.noneOf(Column.class);
        for (Column c : columns) {
            if (c != Column.IGNORED && !seen.add(c)) throw new IllegalArgumentException("column " + c + " given twice");
        }
        for (Column c : List.of(Column.ACC_X, Column.ACC_Y, Column.ACC_Z, Column.GYRO_X, Column.GYRO_Y, Column.GYRO_Z)) {
            if (!seen.contains(c)) throw new IllegalArgumentException("column " + columnName(c) + " is missing");
        }
        if (accUnit == AccUnit.COUNTS && !(accCountsPerG > 0 && Double.isFinite(accCountsPerG))) {
            throw new IllegalArgumentException("accelerometer counts per g must be > 0");
        }
        if (gyroUnit == GyroUnit.COUNTS && !(gyroCountsPerDps > 0 && Double.isFinite(gyroCountsPerDps))) {
            throw new IllegalArgumentException("gyroscope counts per degree per second must be > 0");
        }
    }

    public boolean hasTime() { return columns.contains(Column.TIME); }

    public CsvLinesFormat withColumns(List<Column> newColumns) {
        return new CsvLinesFormat(newColumns, timeUnit, accUnit, accCountsPerG, gyroUnit, gyroCountsPerDps);
    }

    public CsvLinesFormat withTimeUnit(TimeUnit unit) {
        return new CsvLinesFormat(columns, unit, accUnit, accCountsPerG, gyroUnit, gyroCountsPerDps);
    }

    public CsvLinesFormat withAcc(AccUnit unit, double countsPerG) {
        return new CsvLinesFormat(columns, timeUnit, unit, countsPerG, gyroUnit, gyroCountsPerDps);
    }

    public CsvLinesFormat withGyro(GyroUnit unit, double countsPerDps) {
        return new CsvLinesFormat(columns, timeUnit, accUnit, accCountsPerG, unit, countsPerDps);
    }

    /** Multiplier from the file's accelerometer unit to g. */
    double accToG() {
        return switch (accUnit) {
            case G -> 1;
            case METERS_PER_SECOND_SQUARED -> 1 / STANDARD_GRAVITY_MPS2;
            case COUNTS -> 1 / accCountsPerG;
        };
    }

    /** Multiplier from the file's gyroscope unit to degrees per second. */
    double gyroToDps() {
        return switch (gyroUnit) {
            case DEGREES_PER_SECOND -> 1;
            case RADIANS_PER_SECOND -> 180 / Math.PI;
            case COUNTS -> 1 / gyroCountsPerDps;
        };
    }

    // ---- command-line spelling ----

    /** Parses {@code t,ax,ay,az,gx,gy,gz} ({@code -} or {@code skip} for a column to ignore). */
    public static List<Column> parseColumns(String spec) {
        List<Column> out = new ArrayList<>();
        for (String token : spec.split(",", -1)) {
            String t = token.trim().toLowerCase(Locale.ROOT);
            out.add(switch (t) {
                case "t", "time" -> Column.TIME;
                case "ax" -> Column.ACC_X;
                case "ay" -> Column.ACC_Y;
                case "az" -> Column.ACC_Z;
                case "gx" -> Column.GYRO_X;
                case "gy" -> Column.GYRO_Y;
                case "gz" -> Column.GYRO_Z;
                case "-", "_", "skip" -> Column.IGNORED;
                default -> throw new IllegalArgumentException("unknown column '" + token.trim()
                        + "' (use t, ax, ay, az, gx, gy, gz, or - to skip a column)");
            });
        }
        return out;
    }

    /** Parses {@code s}, {@code ms} or {@code us}. */
    public static TimeUnit parseTimeUnit(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "s" -> TimeUnit.SECONDS;
            case "ms" -> TimeUnit.MILLISECONDS;
            case "us", "µs" -> TimeUnit.MICROSECONDS;
            default -> throw new IllegalArgumentException("unknown time unit '" + s + "' (use s, ms or us)");
        };
    }

    /** Applies {@code g}, {@code mps2} or {@code counts:N} (N counts per g). */
    public CsvLinesFormat withAccSpec(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("g")) return withAcc(AccUnit.G, 1);
        if (t.equals("mps2") || t.equals("m/s2") || t.equals("m/s^2")) return withAcc(AccUnit.METERS_PER_SECOND_SQUARED, 1);
        if (t.startsWith("counts:")) return withAcc(AccUnit.COUNTS, number(t.substring(7), s));
        throw new IllegalArgumentException("unknown accelerometer unit '" + s + "' (use g, mps2 or counts:N with N counts per g)");
    }

    /** Applies {@code dps}, {@code rads} or {@code counts:N} (N counts per degree per second). */
    public CsvLinesFormat withGyroSpec(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("dps")) return withGyro(GyroUnit.DEGREES_PER_SECOND, 1);
        if (t.equals("rads") || t.equals("rad/s")) return withGyro(GyroUnit.RADIANS_PER_SECOND, 1);
        if (t.startsWith("counts:")) return withGyro(GyroUnit.COUNTS, number(t.substring(7), s));
        throw new IllegalArgumentException("unknown gyroscope unit '" + s
                + "' (use dps, rads or counts:N with N counts per degree per second)");
    }

    private static double number(String text, String whole) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number in '" + whole + "'");
        }
    }

    static String columnName(Column c) {
        return switch (c) {
            case TIME -> "t";
            case ACC_X -> "ax";
            case ACC_Y -> "ay";
            case ACC_Z -> "az";
            case GYRO_X -> "gx";
            case GYRO_Y -> "gy";
            case GYRO_Z -> "gz";
            case IGNORED -> "-";
        };
    }
}
