package org.hiphike.source;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bluez.Device1;
import org.bluez.GattCharacteristic1;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.ObjectManager;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;

/**
 * One connection to a BLE sensor: the notifications of its data characteristic as a byte stream, writes to its
 * command characteristic (NUS RX). Opening connects the device (when BlueZ has not already), waits for its
 * services, registers the PropertiesChanged handler and only then calls {@code StartNotify}, so no notification
 * is missed. The device turning {@code Connected=false} or disappearing from BlueZ (out of range) makes the next
 * {@link #read} fail, as an unplugged serial port does.
 */
final class BleLink implements ByteLink {
    /** Notifications waiting for the reader; more are dropped and counted (the reader fell far behind). */
    static final int QUEUE_LIMIT = 16384;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_NOTIFICATION = 512; // ATT values are at most 512 bytes

    private final BlueZ bluez;
    private final BlueZ.Device device;
    private final BlueZ.Kind kind;
    private final String notifyPath;
    private final String writePath;
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_LIMIT);
    private final AtomicBoolean disconnected = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicReference<String> why = new AtomicReference<>("disconnected");
    private final AtomicLong overflow = new AtomicLong();
    private final List<AutoCloseable> handlers = new java.util.ArrayList<>();
    private final boolean weConnected;
    private byte[] pending;
    private int pendingOff;

    private BleLink(BlueZ bluez, BlueZ.Device device, BlueZ.Kind kind, String notifyPath, String writePath, boolean weConnected) {
        this.bluez = bluez;
        this.device = device;
        this.kind = kind;
        this.notifyPath = notifyPath;
        this.writePath = writePath;
        this.weConnected = weConnected;
    }

    /**
     * Finds {@code target} (an address or a name) among the devices BlueZ knows (scanning for a few seconds when it
     * is not there), connects it and starts its notifications.
     *
     * @throws IOException with a message for a person when the device is not found, does not connect or has neither
     *                     the WitMotion service nor the Nordic UART Service
     */
    static BleLink open(BlueZ bluez, String target, Duration scanTime) throws IOException {
        List<BlueZ.Device> known = bluez.devices();
        BlueZ.Device d = BlueZ.find(known, target).orElse(null);
        if (d == null) {
            if (bluez.adapters().isEmpty()) throw new IOException("no Bluetooth adapter: cannot reach ble:" + target);
            d = BlueZ.find(bluez.scan(scanTime), target).orElseThrow(() -> new IOException("ble:" + target
                    + ": no such Bluetooth LE device nearby (is it on and in range? `hiphike ports` lists the ones seen)"));
        }
        boolean weConnected = false;
        if (!d.connected()) {
            try {
                bluez.connection().getRemoteObject(BlueZ.BLUEZ, d.path(), Device1.class).Connect();
                weConnected = true;
            } catch (DBusException | RuntimeException e) {
                throw new IOException("ble:" + d.address() + ": cannot connect (" + message(e) + ")", e);
            }
        }
        Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects = awaitServices(bluez, d);
        String notify = null, write = null;
        BlueZ.Kind kind = BlueZ.Kind.UNKNOWN;
        for (BlueZ.Kind k : new BlueZ.Kind[] {BlueZ.Kind.WITMOTION, BlueZ.Kind.HIPHIKE_NUS}) {
            String n = characteristic(objects, d.path(), k.notify);
            if (n != null) {
                kind = k;
                notify = n;
                write = characteristic(objects, d.path(), k == BlueZ.Kind.HIPHIKE_NUS ? BlueZ.NUS_RX : BlueZ.WITMOTION_WRITE);
                break;
            }
        }
        if (notify == null) {
            throw new IOException("ble:" + d.address() + " (" + d.name() + ") has neither the WitMotion service ("
                    + BlueZ.WITMOTION_SERVICE + ") nor the Nordic UART Service (" + BlueZ.NUS_SERVICE + ")");
        }
        BleLink link = new BleLink(bluez, d, kind, notify, write, weConnected);
        try {
            link.start();
        } catch (IOException | RuntimeException e) {
            link.close();
            throw e;
        }
        return link;
    }

    /** Waits for Connected and ServicesResolved, returning BlueZ's objects then. */
    private static Map<DBusPath, Map<String, Map<String, Variant<?>>>> awaitServices(BlueZ bluez, BlueZ.Device d) throws IOException {
        long deadline = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
        while (true) {
            var objects = bluez.managedObjects();
            Map<String, Map<String, Variant<?>>> dev = objects.get(new DBusPath(d.path()));
            if (dev == null || dev.get(BlueZ.DEVICE_IFACE) == null) throw new IOException("ble:" + d.address() + " went away while connecting");
            Map<String, Variant<?>> p = dev.get(BlueZ.DEVICE_IFACE);
            if (BlueZ.bool(p.get("Connected")) && BlueZ.bool(p.get("ServicesResolved"))) return objects;
            if (System.nanoTime() > deadline) {
                throw new IOException("ble:" + d.address() + ": connected, but its services were not resolved in "
                        + CONNECT_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while connecting ble:" + d.address());
            }
        }
    }

    private static String characteristic(Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects, String devicePath, String uuid) {
        for (var e : objects.entrySet()) {
            String path = e.getKey().getPath();
            if (!path.startsWith(devicePath + "/")) continue;
            Map<String, Variant<?>> c = e.getValue().get(BlueZ.CHAR_IFACE);
            if (c != null && BlueZ.string(c.get("UUID")).equalsIgnoreCase(uuid)) return path;
        }
        return null;
    }

    private void start() throws IOException {
        var conn = bluez.connection();
        try {
            // Handlers first, StartNotify after: a notification sent the moment notifying starts is not missed.
            handlers.add(conn.addSigHandler(Properties.PropertiesChanged.class, sig -> {
                String path = sig.getPath();
                if (notifyPath.equals(path) && BlueZ.CHAR_IFACE.equals(sig.getInterfaceName())) {
                    Variant<?> v = sig.getPropertiesChanged().get("Value");
                    byte[] b = v == null ? null : BlueZ.bytes(v.getValue());
                    if (b != null && b.length > 0 && b.length <= MAX_NOTIFICATION && !queue.offer(b)) overflow.incrementAndGet();
                } else if (device.path().equals(path) && BlueZ.DEVICE_IFACE.equals(sig.getInterfaceName())) {
                    Variant<?> c = sig.getPropertiesChanged().get("Connected");
                    if (c != null && Boolean.FALSE.equals(c.getValue())) lose("disconnected: out of range or switched off");
                }
            }));
            handlers.add(conn.addSigHandler(ObjectManager.InterfacesRemoved.class, sig -> {
                String path = sig.getSignalSource() == null ? null : sig.getSignalSource().getPath();
                if (path != null && (path.equals(device.path()) || notifyPath.startsWith(path + "/") || path.equals(notifyPath))) {
                    lose("BlueZ no longer lists the device");
                }
            }));
            GattCharacteristic1 c = conn.getRemoteObject(BlueZ.BLUEZ, notifyPath, GattCharacteristic1.class);
            c.StartNotify();
        } catch (DBusException | RuntimeException e) {
            throw new IOException("ble:" + device.address() + ": cannot start notifications (" + message(e) + ")", e);
        }
    }

    private void lose(String reason) {
        if (disconnected.compareAndSet(false, true)) why.set(reason);
    }

    BlueZ.Kind kind() { return kind; }

    BlueZ.Device device() { return device; }

    /** Notifications dropped because the reader fell behind by {@link #QUEUE_LIMIT}. */
    long overflow() { return overflow.get(); }

    @Override
    public int read(byte[] buf) throws IOException {
        if (closed.get()) throw new IOException("ble:" + device.address() + ": closed");
        int n = 0;
        if (pending == null) {
            // what came before the loss is still delivered
            if (disconnected.get() && queue.isEmpty()) throw new IOException(why.get());
            try {
                pending = queue.poll(SerialSource.READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            pendingOff = 0;
            if (pending == null) return 0;
        }
        while (pending != null && n < buf.length) {
            int take = Math.min(buf.length - n, pending.length - pendingOff);
            System.arraycopy(pending, pendingOff, buf, n, take);
            n += take;
            pendingOff += take;
            if (pendingOff == pending.length) {
                pending = queue.poll();
                pendingOff = 0;
            }
        }
        return n;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        if (writePath == null || kind != BlueZ.Kind.HIPHIKE_NUS) return; // WitMotion: hiphike commands mean nothing to it
        if (closed.get() || disconnected.get()) throw new IOException("ble:" + device.address() + ": not connected");
        try {
            GattCharacteristic1 c = bluez.connection().getRemoteObject(BlueZ.BLUEZ, writePath, GattCharacteristic1.class);
            for (int off = 0; off < bytes.length; off += 20) { // the default ATT MTU carries 20 bytes a write
                byte[] part = java.util.Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + 20));
                c.WriteValue(part, Map.of());
            }
        } catch (DBusException | RuntimeException e) {
            throw new IOException("ble:" + device.address() + ": write failed (" + message(e) + ")", e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        for (AutoCloseable h : handlers) {
            try {
                h.close();
            } catch (Exception e) {
                // the connection may be gone already
            }
        }
        if (!disconnected.get()) {
            try {
                bluez.connection().getRemoteObject(BlueZ.BLUEZ, notifyPath, GattCharacteristic1.class).StopNotify();
            } catch (DBusException | RuntimeException e) {
                // not notifying any more
            }
            if (weConnected) {
                try {
                    bluez.connection().getRemoteObject(BlueZ.BLUEZ, device.path(), Device1.class).Disconnect();
                } catch (DBusException | RuntimeException e) {
                    // gone already
                }
            }
        }
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
