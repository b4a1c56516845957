package org.hiphike.cli;

import java.time.Duration;
import org.hiphike.protocol.CaptureOptions;
import org.hiphike.protocol.DecoderOptions;
import org.hiphike.source.SerialSourceConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the commands that read a live sensor: which port, how fast, what protocol, for how long. */
public final class LiveOptions {
    @Option(names = {"-d", "--device"}, paramLabel = "D",
            description = "Serial port (/dev/ttyUSB0, /dev/ttyACM0, /dev/rfcomm0, COM3) or a piece of its description or serial "
                    + "number as `hiphike ports` shows it; or a Bluetooth LE sensor (Linux, BlueZ): ble:AA:BB:CC:DD:EE:FF or "
                    + "ble:NAME (WitMotion BLE, or a board with the Nordic UART Service sending hiphike frames). "
                    + "Default: the only USB or Bluetooth serial port there is.")
    String device;

    @Option(names = {"-b", "--baud"}, paramLabel = "B", defaultValue = "115200",
            description = "Baud rate (default ${DEFAULT-VALUE}; WitMotion factory default 9600; USB CDC devices ignore it).")
    int baud;

    @Option(names = "--duration", paramLabel = "S", description = "Stop after this many seconds (default: until Ctrl-C).")
    Double durationS;

    @Mixin
    CaptureFormatOptions format;

    /** The source's settings for {@code path}. */
    SerialSourceConfig config(String path) {
        return SerialSourceConfig.of(path).withBaudRate(baud).withProtocol(format.protocol()).withDecoder(decoder());
    }

    /** The rate (for protocols without timestamps) and CSV-lines columns. */
    DecoderOptions decoder() {
        CaptureOptions o = format.options();
        return new DecoderOptions(o.rateHz(), o.csvFormat());
    }

    /** How long to run, or null for until stopped. */
    Duration duration() {
        if (durationS == null) return null;
        if (!(durationS > 0)) throw new IllegalArgumentException("--duration must be > 0 seconds");
        return Duration.ofMillis(Math.round(durationS * 1000));
    }
}
