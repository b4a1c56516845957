package org.hiphike.protocol;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The sensor byte protocols hiphike decodes. {@link #cliName()} is the name used on the command line and in metadata. */
public enum Protocol {
    /** hiphike's own framing: COBS frames with CRC-16 and sequence numbers (firmware-protocol/PROTOCOL.md). */
    HIPHIKE("hiphike", TimeSource.DEVICE),
    /** WitMotion serial (WT901, BWT901CL, HWT905...): 11-byte 0x55 packets with an 8-bit sum. */
    WITMOTION_SERIAL("witmotion-serial", TimeSource.REBUILT),
    /** WitMotion Bluetooth LE (BWT901BLE, WT901BLECL...): 20-byte 0x55 0x61 packets, no checksum. */
    WITMOTION_BLE("witmotion-ble", TimeSource.REBUILT),
    /** x-IMU3 ASCII data messages ({@code I,<µs>,gx,gy,gz,ax,ay,az}). */
    XIMU3_ASCII("ximu3-ascii", TimeSource.DEVICE),
    /** x-IMU3 binary data messages (0xC9 inertial message, SLIP-style byte stuffing, LF terminated). */
    XIMU3_BINARY("ximu3-binary", TimeSource.DEVICE),
    /** Plain numeric text lines ({@code t,ax,ay,az,gx,gy,gz}) as printed by simple sketches; see {@link CsvLinesFormat}. */
    CSV_LINES("csv-lines", TimeSource.DEVICE);

    private final String cliName;
    private final TimeSource usualTimeSource;

    Protocol(String cliName, TimeSource usualTimeSource) {
        this.cliName = cliName;
        this.usualTimeSource = usualTimeSource;
    }

    public String cliName() { return cliName; }

    /** Where sample times usually come from; CSV lines without a time column are rebuilt from the rate. */
    public TimeSource usualTimeSource() { return usualTimeSource; }

    /** The protocol named {@code name} ({@code witmotion-serial}, {@code WITMOTION_SERIAL}, ...), if any. */
    public static Optional<Protocol> byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Protocol p : values()) {
            if (p.cliName.equals(n)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** The names accepted by {@link #byName}, for help and error messages. */
    public static String names() {
        return Arrays.stream(values()).map(Protocol::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() { return cliName; }
}
