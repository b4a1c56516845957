package org.hiphike.source;

import java.io.IOException;
import java.util.List;

/** The dashboard's sensor ports: USB and Bluetooth serial ports, opened as a {@link SerialSource} (protocol auto-detected). */
public final class SerialSensorPorts implements SensorPorts {
    @Override
    public List<Port> list() {
        return SerialPorts.list().stream().filter(SerialPortInfo::maybeSensor)
                .map(p -> new Port(p.path(), SerialPorts.oneLine(p))).toList();
    }

    @Override
    public SampleSource open(String id) throws IOException {
        // Only a port this machine lists can be opened: a client never names an arbitrary path.
        if (list().stream().noneMatch(p -> p.id().equals(id))) throw new IOException("no sensor port " + id);
        return SerialSource.open(SerialSourceConfig.of(id));
    }
}
