package org.hiphike.source;

import java.util.List;
import java.util.stream.Collectors;

/** The serial ports of this machine, and finding the one meant by a path or a piece of its description. */
public final class SerialPorts {
    private SerialPorts() {}

    /** Every serial port the system lists: path, description, USB vendor/product id, serial number. */
    public static List<SerialPortInfo> list() {
        return SerialLink.list();
    }

    /**
     * The path to open for {@code device}: a path as given (anything with a {@code /}, or {@code COMn}), else
     * the one listed port whose path, description, manufacturer or serial number contains it.
     *
     * @throws SerialOpenException when no listed port or more than one matches
     */
    public static String resolve(String device, List<SerialPortInfo> ports) throws SerialOpenException {
        if (device.contains("/") || device.matches("(?i)COM\\d+")) return device;
        List<SerialPortInfo> matching = ports.stream().filter(p -> p.matches(device)).toList();
        if (matching.size() == 1) return matching.get(0).path();
        if (matching.isEmpty()) {
            throw new SerialOpenException(SerialOpenException.Reason.NO_SUCH_DEVICE, device,
                    "no serial port matches '" + device + "'" + (ports.isEmpty() ? " (no serial ports found)"
                            : "; ports: " + ports.stream().map(SerialPorts::oneLine).collect(Collectors.joining("; "))));
        }
        throw new SerialOpenException(SerialOpenException.Reason.OTHER, device, "'" + device + "' matches several ports: "
                + matching.stream().map(SerialPorts::oneLine).collect(Collectors.joining("; ")) + "; name one by its path");
    }

    /** {@code /dev/ttyUSB0 (CP2102 USB to UART Bridge Controller, 10c4:ea60, serial 0001)}. */
    public static String oneLine(SerialPortInfo p) {
        StringBuilder sb = new StringBuilder(p.path());
        StringBuilder d = new StringBuilder(p.description());
        if (!p.vidPid().isEmpty()) d.append(d.length() > 0 ? ", " : "").append(p.vidPid());
        if (!p.serialNumber().isEmpty()) d.append(d.length() > 0 ? ", " : "").append("serial ").append(p.serialNumber());
        if (d.length() > 0) sb.append(" (").append(d).append(')');
        return sb.toString();
    }
}
