package org.hiphike.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bluez.Adapter1;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.types.Variant;
import org.hiphike.protocol.Protocol;

/**
 * Bluetooth LE through BlueZ, the Linux Bluetooth daemon, over D-Bus (the system bus; the address can be set with
 * the system property {@value #BUS_PROPERTY} or the environment variable {@code DBUS_SYSTEM_BUS_ADDRESS}). Lists
 * adapters and the LE devices BlueZ knows, scans, and tells a WitMotion sensor and a Nordic UART Service board
 * (hiphike frames) apart by their GATT services. One D-Bus connection per instance; its signal handlers run on
 * one thread, so notifications stay in order.
 */
public final class BlueZ implements AutoCloseable {
    public static final String BUS_PROPERTY = "hiphike.ble.dbus";
    static final String BLUEZ = "org.bluez";
    static final String ADAPTER_IFACE = "org.bluez.Adapter1";
    static final String DEVICE_IFACE = "org.bluez.Device1";
    static final String SERVICE_IFACE = "org.bluez.GattService1";
    static final String CHAR_IFACE = "org.bluez.GattCharacteristic1";

    public static final String WITMOTION_SERVICE = "0000ffe5-0000-1000-8000-00805f9a34fb";
    public static final String WITMOTION_NOTIFY = "0000ffe4-0000-1000-8000-00805f9a34fb";
    public static final String WITMOTION_WRITE = "0000ffe9-0000-1000-8000-00805f9a34fb";
    public static final String NUS_SERVICE = "6e400001-b5a3-f393-e0a9-e50e24dcca9e";
    /** NUS RX: the host writes to it. */
    public static final String NUS_RX = "6e400002-b5a3-f393-e0a9-e50e24dcca9e";
    /** NUS TX: the board notifies on it. */
    public static final String NUS_TX = "6e400003-b5a3-f393-e0a9-e50e24dcca9e";

    /** What a BLE device is, from its services (or its name before they are known). */
    public enum Kind {
        WITMOTION("WitMotion", Protocol.WITMOTION_BLE, WITMOTION_SERVICE, WITMOTION_NOTIFY),
        HIPHIKE_NUS("hiphike NUS", Protocol.HIPHIKE, NUS_SERVICE, NUS_TX),
        UNKNOWN("unknown", null, null, null);

        private final String label;
        private final Protocol protocol;
        final String service, notify;

        Kind(String label, Protocol protocol, String service, String notify) {
            this.label = label;
            this.protocol = protocol;
            this.service = service;
            this.notify = notify;
        }

        public String label() { return label; }

        /** The protocol its notifications carry, or null. */
        public Protocol protocol() { return protocol; }
    }

    /**
     * A device BlueZ knows.
     *
     * @param path      its D-Bus object path
     * @param address   Bluetooth address, upper case
     * @param name      its name (alias), or "" when it has none
     * @param rssi      signal strength of the last advertisement in dBm, null when not seen in a scan
     * @param connected whether BlueZ has it connected
     * @param kind      what it is
     */
    public record Device(String path, String address, String name, Integer rssi, boolean connected, Kind kind) {
        /** The id that opens it: {@code ble:ADDRESS}. */
        public String id() { return "ble:" + address; }

        /** One line for a person: name, address, RSSI, kind. */
        public String oneLine() {
            return String.format(Locale.ROOT, "%-20s %s  %s  %s%s", name.isEmpty() ? "(no name)" : name, address,
                    rssi == null ? "RSSI -" : "RSSI " + rssi + " dBm", kind.label(), connected ? ", connected" : "");
        }
    }

    private final DBusConnection conn;
    private final String address;

    private BlueZ(DBusConnection conn, String address) {
        this.conn = conn;
        this.address = address;
    }

    /** The bus address used: the system property, then {@code DBUS_SYSTEM_BUS_ADDRESS}, then the system bus socket. */
    public static String busAddress() {
        String a = System.getProperty(BUS_PROPERTY);
        if (a == null || a.isBlank()) a = System.getenv("DBUS_SYSTEM_BUS_ADDRESS");
        if (a == null || a.isBlank()) a = "unix:path=/var/run/dbus/system_bus_socket";
        return a;
    }

    /**
     * Connects to the bus and checks that BlueZ answers.
     *
     * @throws IOException with a message for a person: no bus, BlueZ not running
     */
    public static BlueZ connect() throws IOException {
        String addr = busAddress();
        if (addr.startsWith("unix:path=")) {
            String p = addr.substring("unix:path=".length()).split(",", 2)[0];
            if (!Files.exists(Path.of(p))) {
                throw new IOException("no D-Bus system bus (" + p + " is missing), so no BlueZ: Bluetooth LE needs Linux with"
                        + " bluetoothd running");
            }
        }
        DBusConnection c;
        try {
            // One signal thread: a characteristic's notifications are handled in the order they came.
            c = DBusConnectionBuilder.forAddress(addr).withShared(false)
                    .receivingThreadConfig().withSignalThreadCount(1).connectionConfig().build();
        } catch (DBusException | RuntimeException e) {
            throw new IOException("cannot reach the D-Bus system bus at " + addr + " (" + e.getMessage() + ")", e);
        }
        BlueZ b = new BlueZ(c, addr);
        try {
            b.managedObjects();
        } catch (IOException e) {
            b.close();
            throw e;
        }
        return b;
    }

    DBusConnection connection() { return conn; }

    /** Everything BlueZ exports: object path, interface, property, value. */
    Map<DBusPath, Map<String, Map<String, Variant<?>>>> managedObjects() throws IOException {
        try {
            ObjectManager om = conn.getRemoteObject(BLUEZ, "/", ObjectManager.class);
            return om.GetManagedObjects();
        } catch (DBusException | DBusExecutionException e) {
            throw new IOException("BlueZ is not running (no org.bluez on D-Bus: " + e.getMessage()
                    + "). Start it with `sudo systemctl start bluetooth`.", e);
        }
    }

    /** The adapters' object paths ({@code /org/bluez/hci0}); empty when the machine has no Bluetooth adapter. */
    public List<String> adapters() throws IOException {
        List<String> out = new ArrayList<>();
        for (var e : managedObjects().entrySet()) if (e.getValue().containsKey(ADAPTER_IFACE)) out.add(e.getKey().getPath());
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** The devices BlueZ knows now (seen in a scan, paired or connected), strongest signal first. */
    public List<Device> devices() throws IOException {
        var objects = managedObjects();
        List<Device> out = new ArrayList<>();
        for (var e : objects.entrySet()) {
            Map<String, Variant<?>> dev = e.getValue().get(DEVICE_IFACE);
            if (dev == null) continue;
            String path = e.getKey().getPath();
            String addr = string(dev.get("Address")).toUpperCase(Locale.ROOT);
            String name = string(dev.get("Alias"));
            if (name.isEmpty() || name.replace('-', ':').equalsIgnoreCase(addr)) name = string(dev.get("Name"));
            Integer rssi = dev.get("RSSI") == null ? null : ((Number) dev.get("RSSI").getValue()).intValue();
            boolean connected = bool(dev.get("Connected"));
            out.add(new Device(path, addr, name, rssi, connected, kind(path, dev, objects)));
        }
        out.sort(Comparator.comparing((Device d) -> d.rssi() == null ? Integer.MIN_VALUE : d.rssi()).reversed()
                .thenComparing(Device::address));
        return out;
    }

    /**
     * Scans for LE devices for {@code time} (an LE discovery filter first), then lists what BlueZ knows.
     *
     * @throws IOException when there is no adapter or it cannot scan
     */
    public List<Device> scan(Duration time) throws IOException {
        List<String> adapters = adapters();
        if (adapters.isEmpty()) throw new IOException("no Bluetooth adapter");
        List<Adapter1> scanning = new ArrayList<>();
        for (String a : adapters) {
            try {
                Adapter1 ad = conn.getRemoteObject(BLUEZ, a, Adapter1.class);
                ad.SetDiscoveryFilter(Map.of("Transport", new Variant<>("le")));
                ad.StartDiscovery();
                scanning.add(ad);
            } catch (DBusException | RuntimeException e) {
                // a powered-off adapter or one already scanning for another program: the devices it knows still count
            }
        }
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (Adapter1 ad : scanning) {
                try {
                    ad.StopDiscovery();
                } catch (DBusException | RuntimeException e) {
                    // stopped already
                }
            }
        }
        return devices();
    }

    /**
     * The device {@code target} names: an address ({@code AA:BB:CC:DD:EE:FF}, any case) or a name (exact, any case,
     * else the only one whose name contains it).
     */
    public static Optional<Device> find(Collection<Device> devices, String target) throws IOException {
        String t = target.trim();
        for (Device d : devices) if (d.address().equalsIgnoreCase(t)) return Optional.of(d);
        for (Device d : devices) if (d.name().equalsIgnoreCase(t)) return Optional.of(d);
        List<Device> partial = devices.stream()
                .filter(d -> d.name().toLowerCase(Locale.ROOT).contains(t.toLowerCase(Locale.ROOT))).toList();
        if (partial.size() > 1) {
            throw new IOException("several Bluetooth LE devices match '" + t + "': " + partial.stream()
                    .map(d -> d.name() + " " + d.address()).collect(java.util.stream.Collectors.joining(", "))
                    + ". Name one by its address: --device ble:ADDRESS");
        }
        return partial.size() == 1 ? Optional.of(partial.get(0)) : Optional.empty();
    }

    /** Whether {@code s} looks like a Bluetooth address. */
    public static boolean isAddress(String s) {
        return s.matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    }

    private static Kind kind(String path, Map<String, Variant<?>> dev, Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects) {
        List<String> uuids = new ArrayList<>();
        Variant<?> u = dev.get("UUIDs");
        if (u != null && u.getValue() instanceof Collection<?> c) for (Object o : c) uuids.add(String.valueOf(o).toLowerCase(Locale.ROOT));
        if (u != null && u.getValue() instanceof Object[] arr) for (Object o : arr) uuids.add(String.valueOf(o).toLowerCase(Locale.ROOT));
        for (var e : objects.entrySet()) {
            if (!e.getKey().getPath().startsWith(path + "/")) continue;
            Map<String, Variant<?>> svc = e.getValue().get(SERVICE_IFACE);
            if (svc != null) uuids.add(string(svc.get("UUID")).toLowerCase(Locale.ROOT));
        }
        if (uuids.contains(WITMOTION_SERVICE)) return Kind.WITMOTION;
        if (uuids.contains(NUS_SERVICE)) return Kind.HIPHIKE_NUS;
        // Before a connection, a WitMotion sensor often advertises only its name (WT901BLE68, BWT901BLE5.0...).
        String name = string(dev.get("Name")).toUpperCase(Locale.ROOT);
        if ((name.startsWith("WT") || name.startsWith("BWT")) && name.contains("BLE")) return Kind.WITMOTION;
        return Kind.UNKNOWN;
    }

    static String string(Variant<?> v) {
        return v == null || v.getValue() == null ? "" : String.valueOf(v.getValue());
    }

    static boolean bool(Variant<?> v) {
        return v != null && v.getValue() instanceof Boolean b && b;
    }

    /** The bytes of a D-Bus {@code ay} value: dbus-java gives a byte[] or a list of bytes depending on the path. */
    static byte[] bytes(Object value) {
        if (value instanceof byte[] b) return b;
        if (value instanceof Byte[] b) {
            byte[] out = new byte[b.length];
            for (int i = 0; i < b.length; i++) out[i] = b[i];
            return out;
        }
        if (value instanceof List<?> l) {
            byte[] out = new byte[l.size()];
            for (int i = 0; i < out.length; i++) out[i] = ((Number) l.get(i)).byteValue();
            return out;
        }
        return null;
    }

    /** The bus address this instance is connected to. */
    public String address() { return address; }

    /** Closes the connection; safe more than once and from any thread. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        conn.disconnect();
    }

    private boolean closed;
}
