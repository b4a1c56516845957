package org.hiphike.source;

/**
 * The state of a source, for the live view and the dashboard.
 *
 * @param state          what the source is doing
 * @param detail         a sentence for a person ("no data for 2 s", "port /dev/ttyUSB0 is busy")
 * @param batteryPercent battery charge where the sensor reports it, else null
 */
public record SourceStatus(State state, String detail, Integer batteryPercent) {
    public enum State {
        /** Opening the device or file. */
        CONNECTING,
        /** Samples are arriving. */
        STREAMING,
        /** The device went away; the session is paused and the source tries to reopen it. */
        LOST,
        /** The device is there but has sent nothing for a while. */
        SILENT,
        /** The recording or stream has ended. */
        ENDED
    }

    public static SourceStatus of(State state, String detail) { return new SourceStatus(state, detail, null); }
}
