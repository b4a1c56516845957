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

    @Option(names = "--udp", paramLabel = "[HOST:]PORT",
            description = "Read a sensor that sends text lines in UDP datagrams, such as the HyperIMU app (CSV, timestamp on, "
                    + "accelerometer and gyroscope: read as epoch ms, m/s², rad/s unless --csv-* say otherwise). Listens on "
                    + "127.0.0.1 unless HOST is given; another HOST (0.0.0.0 for every network) needs --sensor-from.")
    String udp;

    @Option(names = "--tcp", paramLabel = "[HOST:]PORT",
            description = "As --udp, over TCP: the app connects to this machine (one connection at a time).")
    String tcp;

    @Option(names = "--sensor-logger",
            description = "The Sensor Logger app as the sensor: the session waits for its HTTP push to the dashboard "
                    + "(/api/push/sensor-logger?token=..., the address under Phone as the sensor); needs --host 0.0.0.0 for a phone to reach it.")
    boolean sensorLogger;

    @Option(names = "--sensor-from", paramLabel = "ADDRESS",
            description = "With --udp or --tcp on a network address: the phone's address, the only one read (the app sends no token).")
    String sensorFrom;

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

    /** Whether the sensor is read over the network ({@code --udp} or {@code --tcp}). */
    boolean network() { return udp != null || tcp != null; }

    /** Opens the network sensor {@code --udp} or {@code --tcp} names. */
    org.hiphike.source.NetworkSource openNetwork() throws java.io.IOException {
        if (udp != null && tcp != null) throw new IllegalArgumentException("choose one of --udp and --tcp");
        if (device != null) throw new IllegalArgumentException("choose one of --device and --" + (udp != null ? "udp" : "tcp"));
        String spec = udp != null ? udp : tcp;
        String host = "127.0.0.1";
        String port = spec;
        int colon = spec.lastIndexOf(':');
        if (colon >= 0) {
            host = spec.substring(0, colon).replace("[", "").replace("]", "");
            port = spec.substring(colon + 1);
        }
        int p;
        try {
            p = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + (udp != null ? "udp" : "tcp") + " takes [HOST:]PORT, not '" + spec + "'");
        }
        org.hiphike.protocol.Protocol protocol = format.isAuto() ? org.hiphike.protocol.Protocol.CSV_LINES : format.protocol();
        CaptureOptions o = format.options(org.hiphike.protocol.CsvLinesFormat.HYPERIMU);
        return org.hiphike.source.NetworkSource.open(udp != null ? org.hiphike.source.NetworkSource.Transport.UDP
                : org.hiphike.source.NetworkSource.Transport.TCP, host, p, sensorFrom, protocol, new DecoderOptions(o.rateHz(), o.csvFormat()));
    }

    /** How long to run, or null for until stopped. */
    Duration duration() {
        if (durationS == null) return null;
        if (!(durationS > 0)) throw new IllegalArgumentException("--duration must be > 0 seconds");
        return Duration.ofMillis(Math.round(durationS * 1000));
    }
}
