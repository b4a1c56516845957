package org.hiphike.source;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.hiphike.protocol.DecoderOptions;

/**
 * A Bluetooth LE sensor through BlueZ (Linux): a WitMotion BLE sensor (service {@value BlueZ#WITMOTION_SERVICE},
 * notifications on {@value BlueZ#WITMOTION_NOTIFY}, decoded as {@code witmotion-ble}) or a board with the Nordic UART
 * Service carrying hiphike's COBS frames (notifications on {@value BlueZ#NUS_TX}, commands written to
 * {@value BlueZ#NUS_RX}, decoded as {@code hiphike}).
 *
 * <p>The same reading engine as {@link SerialSource} behind a BLE link: states CONNECTING, STREAMING, SILENT, LOST;
 * when the sensor goes out of range (Connected turns false, or BlueZ drops the device) it is LOST and connected again
 * as soon as it is back; the decoder and the time axis carry on, and the hole is counted in {@link #stats()} as a
 * gap. hiphike boards get the same start-up (GET_INFO, START_STREAMING) as on a serial port.
 */
public final class BleSource implements SampleSource {
    /** Reconnection is tried this often while the sensor is away (each try may scan for a few seconds). */
    static final Duration RECONNECT_POLL = Duration.ofMillis(500);
    static final Duration SCAN_TIME = Duration.ofSeconds(4);

    private final BlueZ bluez;
    private final SerialSource engine;
    private final BlueZ.Kind kind;
    private final String name;

    private BleSource(BlueZ bluez, SerialSource engine, BlueZ.Kind kind, String name) {
        this.bluez = bluez;
        this.engine = engine;
        this.kind = kind;
        this.name = name;
    }

    /** Whether a {@code --device} value names a BLE sensor ({@code ble:ADDRESS} or {@code ble:NAME}). */
    public static boolean isBleId(String device) {
        return device != null && device.regionMatches(true, 0, "ble:", 0, 4) && device.length() > 4;
    }

    /**
     * Connects the sensor {@code device} names ({@code ble:AA:BB:CC:DD:EE:FF} or {@code ble:NAME}) now, so that a
     * missing adapter, an unknown device or one that does not connect is an exception with a message before
     * anything starts.
     *
     * @param decoder the rate for WitMotion (which sends no timestamps); the protocol follows from the service
     */
    public static BleSource open(String device, DecoderOptions decoder) throws IOException {
        if (!isBleId(device)) throw new IllegalArgumentException("not a BLE device id: " + device);
        String target = device.substring(4).trim();
        if (target.isEmpty() || target.length() > 248) throw new IOException("a BLE device is named ble:ADDRESS or ble:NAME");
        BlueZ bluez = BlueZ.connect();
        try {
            if (bluez.adapters().isEmpty()) throw new IOException("no Bluetooth adapter on this machine (BlueZ lists none)");
            BleLink first = BleLink.open(bluez, target, SCAN_TIME);
            BlueZ.Kind kind = first.kind();
            // Reconnect by address: the name may be ambiguous once other sensors come into range.
            String address = first.device().address();
            String name = "ble:" + address;
            SerialSourceConfig cfg = new SerialSourceConfig(name, SerialSourceConfig.DEFAULT_BAUD, kind.protocol(), decoder,
                    Duration.ofSeconds(2), RECONNECT_POLL, Duration.ofSeconds(5));
            String what = first.device().name().isEmpty() ? kind.label() : first.device().name() + ", " + kind.label();
            SerialSource engine = SerialSource.over(cfg, name, first, () -> BleLink.open(bluez, address, SCAN_TIME),
                    "connected to " + name + " (" + what + ")");
            return new BleSource(bluez, engine, kind, name + " (" + what + ")");
        } catch (IOException | RuntimeException e) {
            bluez.close();
            throw e;
        }
    }

    /** What the sensor is. */
    public BlueZ.Kind kind() { return kind; }

    /** The reading engine behind the BLE link: its stats, path ({@code ble:ADDRESS}) and raw bytes; run and close this source, not it. */
    public SerialSource engine() { return engine; }

    /** Counters of the reading engine (gaps, reconnects, samples...). */
    public SerialSource.Stats stats() { return engine.stats(); }

    /** Also hands every notification's bytes to {@code l} (raw capture). */
    public void rawBytes(SerialSource.RawBytesListener l) { engine.rawBytes(l); }

    @Override
    public void run(SampleListener listener) throws IOException {
        try {
            engine.run(listener);
        } finally {
            bluez.close();
        }
    }

    @Override
    public String description() {
        SerialSource.Stats s = engine.stats();
        String rate = s.sampleRateHz() > 0 ? String.format(Locale.ROOT, ", %.0f Hz", s.sampleRateHz()) : "";
        return name + (rate.isEmpty() ? "" : " [" + rate.substring(2) + "]");
    }

    @Override
    public Map<String, String> metadata() {
        Map<String, String> m = new java.util.LinkedHashMap<>(engine.metadata());
        if (kind == BlueZ.Kind.WITMOTION) m.put("sensor", "WitMotion BLE");
        return m;
    }

    @Override
    public void close() {
        engine.close();
        // A reconnection attempt may be waiting in Connect() for a sensor out of range: closing the bus connection
        // ends it at once instead of at BlueZ's timeout.
        bluez.close();
    }
}
