package org.hiphike.source;

import java.io.IOException;

/** A serial port could not be opened; the message is meant for the user and says what to do. */
public final class SerialOpenException extends IOException {
    /** Why the port did not open. */
    public enum Reason { NO_SUCH_DEVICE, PERMISSION_DENIED, BUSY, NOT_A_SERIAL_PORT, OTHER }

    private final Reason reason;
    private final String path;

    public SerialOpenException(Reason reason, String path, String message) {
        super(message);
        this.reason = reason;
        this.path = path;
    }

    public Reason reason() { return reason; }

    public String path() { return path; }

    /** The user-facing message for a port that failed with {@code reason}. */
    static SerialOpenException of(Reason reason, String path, String detail) {
        String m = switch (reason) {
            case NO_SUCH_DEVICE -> path + ": no such device. Is the sensor plugged in (or, for Bluetooth, paired and bound"
                    + " with `rfcomm bind`)? `hiphike ports` lists the ports there are.";
            case PERMISSION_DENIED -> path + ": permission denied. On Linux, add yourself to the group that owns the port"
                    + " (usually `dialout`: sudo usermod -aG dialout $USER, then log out and in again).";
            case BUSY -> path + ": the port is busy: another program has it open (a serial monitor, another hiphike,"
                    + " ModemManager, `screen`). Close it and try again.";
            case NOT_A_SERIAL_PORT -> path + ": not a serial port (it takes no serial settings). `hiphike ports` lists the"
                    + " serial ports there are; a recording is played with `hiphike replay FILE` or analysed with"
                    + " `hiphike analyze FILE`.";
            case OTHER -> path + ": cannot open the port";
        };
        if (detail != null && !detail.isEmpty()) m = m + " (" + detail + ")";
        return new SerialOpenException(reason, path, m);
    }
}
