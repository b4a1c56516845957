package org.hiphike.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.hiphike.protocol.DecoderOptions;
import org.hiphike.protocol.Protocol;

/**
 * A sensor that sends its text lines over the network, such as the HyperIMU app: UDP datagrams or a TCP connection
 * that the phone opens to this machine (HyperIMU is the client), read by the same engine as a serial port
 * ({@link SerialSource}: detection or the given protocol, the states CONNECTING, STREAMING, SILENT, LOST, gaps
 * counted). HyperIMU ends a packet with CR LF or {@code #} (a setting); a {@code #} is read as a line end, and a
 * datagram is one packet, so it ends a line.
 *
 * <p>Bounds and who may send. It listens on the loopback address unless another is given; on any other address it
 * reads only the packets or connections from {@code from} (HyperIMU sends no token, so its address stands for one):
 * the others are dropped and counted ({@link #refused}). A datagram longer than {@link #MAX_DATAGRAM_BYTES} is dropped
 * and counted; a line longer than the decoder's bound is a bad frame. TCP takes one connection at a time; when the
 * phone closes it the source is LOST until the next connection.
 */
public final class NetworkSource implements SampleSource {
    /** The largest datagram read, bytes: HIMUServer's buffer; one HyperIMU CSV packet of every sensor is far shorter. */
    public static final int MAX_DATAGRAM_BYTES = 2048;
    /** How long a read waits for data before the engine looks after its timers, ms. */
    static final int READ_TIMEOUT_MS = 100;
    /** A lost TCP connection: the next one is awaited this long per try. */
    static final Duration RECONNECT_POLL = Duration.ofMillis(200);

    /** Which transport. */
    public enum Transport { UDP, TCP }

    private final SerialSource engine;
    private final AutoCloseable socket;
    private final String name;
    private final AtomicLong refused;
    private final AtomicLong oversized;

    private NetworkSource(SerialSource engine, AutoCloseable socket, String name, AtomicLong refused, AtomicLong oversized) {
        this.engine = engine;
        this.socket = socket;
        this.name = name;
        this.refused = refused;
        this.oversized = oversized;
    }

    /**
     * Listens now, so that a taken port or a wrong address is an exception with a message before anything starts.
     *
     * @param host     the address to listen on ({@code 127.0.0.1} by default)
     * @param port     the port (1 to 65535)
     * @param from     the only sender read when {@code host} is not a loopback address (required then), or null
     * @param protocol the protocol, or null to detect it
     */
    public static NetworkSource open(Transport transport, String host, int port, String from, Protocol protocol,
                                     DecoderOptions decoder) throws IOException {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("the port must be 1 to 65535, not " + port);
        InetAddress bind = InetAddress.getByName(host);
        InetAddress allowed = from == null ? null : InetAddress.getByName(from);
        if (!bind.isLoopbackAddress() && allowed == null) {
            throw new IllegalArgumentException("listening on " + host + " (the network) needs --sensor-from ADDRESS, the phone's "
                    + "address: the app sends no token, so only its packets are read");
        }
        String name = transport.name().toLowerCase(Locale.ROOT) + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        SerialSourceConfig cfg = new SerialSourceConfig(name, SerialSourceConfig.DEFAULT_BAUD, protocol, decoder,
                Duration.ofSeconds(2), RECONNECT_POLL, Duration.ofSeconds(5));
        AtomicLong refused = new AtomicLong(), oversized = new AtomicLong();
        String what = allowed == null ? "" : ", from " + allowed.getHostAddress() + " only";
        if (transport == Transport.UDP) {
            DatagramSocket s = new DatagramSocket(null);
            try {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(bind, port));
                s.setSoTimeout(READ_TIMEOUT_MS);
            } catch (IOException e) {
                s.close();
                throw new IOException("cannot listen on UDP " + host + ":" + port + ": " + e.getMessage(), e);
            }
            UdpLink link = new UdpLink(s, allowed, refused, oversized);
            SerialSource engine = SerialSource.over(cfg, name, link, () -> link, "listening on " + name + what
                    + ": send the app's UDP stream to this machine's address and port " + port);
            return new NetworkSource(engine, s, name, refused, oversized);
        }
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(bind, port), 1);
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on TCP " + host + ":" + port + ": " + e.getMessage(), e);
        }
        TcpLink first = new TcpLink(server, allowed, refused);
        SerialSource engine = SerialSource.over(cfg, name, first, () -> TcpLink.accepted(server, allowed, refused),
                "listening on " + name + what + ": start the app's TCP stream to this machine's address and port " + port);
        return new NetworkSource(engine, server, name, refused, oversized);
    }

    /** One socket, datagram by datagram. */
    static final class UdpLink implements ByteLink {
        private final DatagramSocket socket;
        private final InetAddress allowed;
        private final AtomicLong refused, oversized;
        private final byte[] datagram = new byte[MAX_DATAGRAM_BYTES + 1];

        UdpLink(DatagramSocket socket, InetAddress allowed, AtomicLong refused, AtomicLong oversized) {
            this.socket = socket;
            this.allowed = allowed;
            this.refused = refused;
            this.oversized = oversized;
        }

        @Override
        public int read(byte[] buf) throws IOException {
            DatagramPacket p = new DatagramPacket(datagram, datagram.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return 0;
            }
            if (allowed != null && !allowed.equals(p.getAddress())) {
                refused.incrementAndGet();
                return 0;
            }
            int n = p.getLength();
            if (n > MAX_DATAGRAM_BYTES || n + 1 > buf.length) {
                oversized.incrementAndGet();
                return 0;
            }
            for (int i = 0; i < n; i++) buf[i] = datagram[i] == '#' ? (byte) '\n' : datagram[i];
            if (n > 0 && buf[n - 1] != '\n') buf[n++] = '\n'; // a datagram is one packet
            return n;
        }

        @Override
        public void write(byte[] bytes) {
            // the app takes no commands
        }

        @Override
        public void close() {
            // The socket is the source's: it stays open for the next datagram (see NetworkSource.close).
        }
    }

    /** One accepted connection; before it is accepted, reads wait for it. */
    static final class TcpLink implements ByteLink {
        private final ServerSocket server;
        private final InetAddress allowed;
        private final AtomicLong refused;
        private Socket client;
        private InputStream in;

        TcpLink(ServerSocket server, InetAddress allowed, AtomicLong refused) {
            this.server = server;
            this.allowed = allowed;
            this.refused = refused;
        }

        /** A link over the next connection, waiting up to {@link #RECONNECT_POLL} for it (else "not back yet"). */
        static TcpLink accepted(ServerSocket server, InetAddress allowed, AtomicLong refused) throws IOException {
            TcpLink l = new TcpLink(server, allowed, refused);
            if (!l.accept((int) RECONNECT_POLL.toMillis())) throw new IOException("no connection yet");
            return l;
        }

        private boolean accept(int timeoutMs) throws IOException {
            server.setSoTimeout(timeoutMs);
            Socket s;
            try {
                s = server.accept();
            } catch (SocketTimeoutException e) {
                return false;
            }
            if (allowed != null && !allowed.equals(s.getInetAddress())) {
                refused.incrementAndGet();
                s.close();
                return false;
            }
            s.setSoTimeout(READ_TIMEOUT_MS);
            synchronized (this) {
                client = s;
                in = s.getInputStream();
            }
            return true;
        }

        @Override
        public int read(byte[] buf) throws IOException {
            if (in == null) {
                accept(READ_TIMEOUT_MS);
                return 0;
            }
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                return 0;
            }
            if (n < 0) throw new IOException("the phone closed the connection");
            for (int i = 0; i < n; i++) if (buf[i] == '#') buf[i] = '\n';
            return n;
        }

        @Override
        public void write(byte[] bytes) {
            // the app takes no commands
        }

        @Override
        public synchronized void close() {
            try {
                if (client != null) client.close();
            } catch (IOException e) {
                // closed already
            }
        }
    }

    /** The reading engine: its stats, path and raw bytes; run and close this source, not it. */
    public SerialSource engine() { return engine; }

    /** Packets or connections from another address than the one allowed, dropped. */
    public long refused() { return refused.get(); }

    /** Datagrams longer than {@link #MAX_DATAGRAM_BYTES}, dropped. */
    public long oversized() { return oversized.get(); }

    @Override
    public void run(SampleListener listener) throws IOException {
        try {
            engine.run(listener);
        } finally {
            closeSocket();
        }
    }

    @Override
    public String description() {
        SerialSource.Stats s = engine.stats();
        return name + (s.sampleRateHz() > 0 ? String.format(Locale.ROOT, " [%.0f Hz]", s.sampleRateHz()) : "");
    }

    @Override
    public Map<String, String> metadata() { return engine.metadata(); }

    @Override
    public void close() {
        engine.close();
        closeSocket();
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (Exception e) {
            // closed already
        }
    }
}
