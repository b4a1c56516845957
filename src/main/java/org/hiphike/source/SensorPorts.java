package org.hiphike.source;

import java.util.List;

/**
 * The seam for real sensors: lists the ports where a sensor may be connected and opens one as a
 * {@link SampleSource}. The dashboard asks it at start ("is a sensor connected?") and for the
 * source menu. {@link #NONE} finds nothing; {@link #of} joins serial ports and Bluetooth LE sensors.
 */
public interface SensorPorts {
    /** A port a sensor may be on. */
    record Port(String id, String description) {}

    List<Port> list();

    /** Opens the port with this id (one from {@link #list()}). */
    SampleSource open(String id) throws java.io.IOException;

    /** The ports of each, in order; a port is opened by the one that lists it. */
    static SensorPorts of(SensorPorts... all) {
        List<SensorPorts> parts = List.of(all);
        return new SensorPorts() {
            @Override
            public List<Port> list() {
                return parts.stream().flatMap(p -> p.list().stream()).toList();
            }

            @Override
            public SampleSource open(String id) throws java.io.IOException {
                for (SensorPorts p : parts) {
                    if (p.list().stream().anyMatch(x -> x.id().equals(id))) return p.open(id);
                }
                throw new java.io.IOException("no sensor port " + id);
            }
        };
    }

    SensorPorts NONE = new SensorPorts() {
        @Override
        public List<Port> list() { return List.of(); }

        @Override
        public SampleSource open(String id) throws java.io.IOException {
            throw new java.io.IOException("no sensor port " + id);
        }
    };
}
