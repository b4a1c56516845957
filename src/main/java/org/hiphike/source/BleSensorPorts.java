package org.hiphike.source;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.hiphike.protocol.DecoderOptions;

/**
 * The dashboard's Bluetooth LE sensors: the WitMotion and NUS devices BlueZ knows (seen in a scan, paired or
 * connected), as {@code ble:ADDRESS}; empty without BlueZ or an adapter. {@link #scanInBackground} scans once so
 * that sensors nearby are known when the menu is opened.
 */
public final class BleSensorPorts implements SensorPorts {
    @Override
    public List<Port> list() {
        try (BlueZ b = BlueZ.connect()) {
            return b.devices().stream().filter(d -> d.kind() != BlueZ.Kind.UNKNOWN)
                    .map(d -> new Port(d.id(), "Bluetooth LE: " + d.oneLine().replaceAll("\\s+", " "))).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    @Override
    public SampleSource open(String id) throws IOException {
        // Only a device this machine lists can be opened: a client never names an arbitrary one.
        if (list().stream().noneMatch(p -> p.id().equals(id))) throw new IOException("no sensor port " + id);
        return BleSource.open(id, DecoderOptions.DEFAULT);
    }

    /** Scans for {@code time} on a daemon thread (nothing happens without BlueZ). */
    public BleSensorPorts scanInBackground(Duration time) {
        Thread t = new Thread(() -> {
            try (BlueZ b = BlueZ.connect()) {
                b.scan(time);
            } catch (IOException | RuntimeException e) {
                // no Bluetooth LE here: the menu lists serial ports only
            }
        }, "ble-scan");
        t.setDaemon(true);
        t.start();
        return this;
    }
}
