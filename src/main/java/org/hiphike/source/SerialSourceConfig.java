package org.hiphike.source;

import java.time.Duration;
import org.hiphike.protocol.DecoderOptions;
import org.hiphike.protocol.Protocol;

/**
 * How to read a sensor on a serial port.
 *
 * @param device         port path ({@code /dev/ttyUSB0}, {@code /dev/rfcomm0}, a pty) or a piece of a listed
 *                       port's description or serial number
 * @param baudRate       bits per second (USB CDC devices ignore it; UARTs and WitMotion need the right one)
 * @param protocol       the sensor protocol, or null to detect it from the first bytes
 * @param decoder        rate (for protocols without timestamps) and CSV-lines columns and units
 * @param silentAfter    no sample for this long reports {@link SourceStatus.State#SILENT}
 * @param reconnectPoll  how often a lost device's path is tried again
 * @param detectTimeout  how long detection waits for bytes it recognises before giving up
 */
public record SerialSourceConfig(String device, int baudRate, Protocol protocol, DecoderOptions decoder,
                                 Duration silentAfter, Duration reconnectPoll, Duration detectTimeout) {
    public static final int DEFAULT_BAUD = 115200;

    public SerialSourceConfig {
        if (baudRate <= 0) throw new IllegalArgumentException("baud rate must be > 0, got " + baudRate);
    }

    /** Defaults: 115200 baud, detected protocol, SILENT after 2 s, reconnect tried every 200 ms, detection for 5 s. */
    public static SerialSourceConfig of(String device) {
        return new SerialSourceConfig(device, DEFAULT_BAUD, null, DecoderOptions.DEFAULT, Duration.ofSeconds(2),
                Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    public SerialSourceConfig withBaudRate(int baud) {
        return new SerialSourceConfig(device, baud, protocol, decoder, silentAfter, reconnectPoll, detectTimeout);
    }

    public SerialSourceConfig withProtocol(Protocol p) {
        return new SerialSourceConfig(device, baudRate, p, decoder, silentAfter, reconnectPoll, detectTimeout);
    }

    public SerialSourceConfig withDecoder(DecoderOptions d) {
        return new SerialSourceConfig(device, baudRate, protocol, d, silentAfter, reconnectPoll, detectTimeout);
    }

    public SerialSourceConfig withDetectTimeout(Duration d) {
        return new SerialSourceConfig(device, baudRate, protocol, decoder, silentAfter, reconnectPoll, d);
    }

    public SerialSourceConfig withSilentAfter(Duration d) {
        return new SerialSourceConfig(device, baudRate, protocol, decoder, d, reconnectPoll, detectTimeout);
    }
}
