package org.hiphike.recording;

/**
 * A recording that cannot be analysed, with the place that is wrong. The message is meant for a
 * person: it names the file, the line (1-based) and the column where there is one.
 */
public final class RecordingFormatException extends Exception {
    private final long lineNumber;
    private final String column;

    public RecordingFormatException(String message, long lineNumber, String column) {
        super(message);
        this.lineNumber = lineNumber;
        this.column = column;
    }

    /** 1-based line of the problem, or 0 when it concerns the whole file. */
    public long lineNumber() { return lineNumber; }

    /** The column's name, or {@code null} when the problem is not in one column. */
    public String column() { return column; }
}
