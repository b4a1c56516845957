package org.hiphike.source;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortDataListener;
import com.fazecast.jSerialComm.SerialPortEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One open serial port: bytes in, bytes out, and whether the device went away. The only class that
 * touches jSerialComm; everything else sees this small surface. Raw 8N1, no flow control; reads wait
 * at most {@code readTimeoutMs} so the reader can notice silence and being closed.
 *
 * <p>jSerialComm reports a vanished device with a flood of PORT_DISCONNECTED events on its own
 * thread; here they only set a flag (idempotent), and the reading thread closes the port.
 */
final class SerialLink implements ByteLink {
    private static final int EACCES = 13, EBUSY = 16, EAGAIN = 11, ENOENT = 2, ENXIO = 6, EIO = 5, ENODEV = 19,
            ENOTTY = 25; // the device is not a terminal: /dev/null, a regular file

    private final SerialPort port;
    private final String path;
    private final String realPath;
    /**
     * Ports open in this process, by real path: other processes are kept out by the exclusive lock jSerialComm
     * takes (EBUSY), but a second open from the same process would get an unhelpful error.
     */
    private static final java.util.Set<String> OPEN_HERE = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final InputStream in;
    private final OutputStream out;
    private final AtomicBoolean disconnected = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private SerialLink(SerialPort port, String path, String realPath) {
        this.port = port;
        this.path = path;
        this.realPath = realPath;
        this.in = port.getInputStreamWithSuppressedTimeoutExceptions();
        this.out = port.getOutputStream();
    }

    /** Every port the system lists (pseudo-terminals and unbound Bluetooth devices are not listed). */
    static List<SerialPortInfo> list() {
        List<SerialPortInfo> ports = new ArrayList<>();
        for (SerialPort p : SerialPort.getCommPorts()) {
            String desc = p.getPortDescription();
            if (desc == null || desc.isBlank() || desc.equals(p.getSystemPortName())) desc = p.getDescriptivePortName();
            ports.add(new SerialPortInfo(p.getSystemPortPath(), desc, p.getVendorID(), p.getProductID(),
                    p.getSerialNumber(), p.getManufacturer()));
        }
        return ports;
    }

    /**
     * Opens {@code path} at {@code baudRate}.
     *
     * @throws SerialOpenException with a message for the user (no such device, permission denied, busy)
     */
    static SerialLink open(String path, int baudRate, int readTimeoutMs) throws SerialOpenException {
        Path p = Path.of(path);
        boolean windows = path.toUpperCase(java.util.Locale.ROOT).startsWith("COM");
        if (!windows) {
            if (!Files.exists(p)) throw SerialOpenException.of(SerialOpenException.Reason.NO_SUCH_DEVICE, path, null);
            if (Files.isDirectory(p)) throw SerialOpenException.of(SerialOpenException.Reason.NOT_A_SERIAL_PORT, path, "a folder");
            if (!Files.isReadable(p) || !Files.isWritable(p)) {
                throw SerialOpenException.of(SerialOpenException.Reason.PERMISSION_DENIED, path, null);
            }
        }
        String real = realPath(path);
        if (!OPEN_HERE.add(real)) {
            throw SerialOpenException.of(SerialOpenException.Reason.BUSY, path, "already open in this program");
        }
        try {
            return openPort(path, real, baudRate, readTimeoutMs);
        } catch (SerialOpenException | RuntimeException e) {
            OPEN_HERE.remove(real);
            throw e;
        }
    }

    private static SerialLink openPort(String path, String real, int baudRate, int readTimeoutMs) throws SerialOpenException {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(path);
        } catch (RuntimeException e) {
            throw SerialOpenException.of(SerialOpenException.Reason.NO_SUCH_DEVICE, path, e.getMessage());
        }
        port.setComPortParameters(baudRate, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, readTimeoutMs, 0);
        if (!port.openPort()) {
            int errno = port.getLastErrorCode();
            SerialOpenException.Reason reason = switch (errno) {
                case EACCES -> SerialOpenException.Reason.PERMISSION_DENIED;
                case EBUSY, EAGAIN -> SerialOpenException.Reason.BUSY;
                case ENOENT, ENXIO, EIO, ENODEV -> SerialOpenException.Reason.NO_SUCH_DEVICE;
                case ENOTTY -> SerialOpenException.Reason.NOT_A_SERIAL_PORT;
                default -> SerialOpenException.Reason.OTHER;
            };
            throw SerialOpenException.of(reason, path, reason == SerialOpenException.Reason.OTHER ? "error " + errno : null);
        }
        SerialLink link = new SerialLink(port, path, real);
        port.addDataListener(new SerialPortDataListener() {
            @Override
            public int getListeningEvents() { return SerialPort.LISTENING_EVENT_PORT_DISCONNECTED; }

            @Override
            public void serialEvent(SerialPortEvent event) {
                // Fired many times in a row when the device goes away: only set the flag, never close here.
                link.disconnected.set(true);
            }
        });
        return link;
    }

    String path() { return path; }

    /**
     * Reads what has arrived, waiting up to the read timeout for the first byte.
     *
     * @return bytes read, 0 when nothing came in time
     * @throws IOException when the device has gone away or the link was closed
     */
    @Override
    public int read(byte[] buf) throws IOException {
        if (closed.get()) throw new IOException(path + ": closed");
        if (disconnected.get()) throw new IOException(path + ": device disconnected");
        int n = in.read(buf, 0, buf.length);
        if (n < 0) throw new IOException(path + ": device disconnected");
        return n;
    }

    /** Sends bytes to the device (host commands). */
    @Override
    public void write(byte[] bytes) throws IOException {
        if (closed.get()) throw new IOException(path + ": closed");
        out.write(bytes);
        out.flush();
    }

    boolean disconnected() { return disconnected.get(); }

    /** Closes the port; safe from any thread, more than once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        port.removeDataListener();
        port.closePort();
        OPEN_HERE.remove(realPath);
    }

    private static String realPath(String path) {
        try {
            return Path.of(path).toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return path;
        }
    }
}
