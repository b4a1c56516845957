package org.hiphike.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.hiphike.core.ImuSample;
import org.hiphike.protocol.HiphikeDecoder;
import org.hiphike.protocol.Protocol;
import org.hiphike.protocol.SyntheticStreams;
import org.hiphike.recording.CsvRecordingReader;
import org.hiphike.source.PtySensor;
import org.hiphike.source.SampleSource;
import org.hiphike.source.SensorPorts;
import org.hiphike.source.SerialSource;
import org.hiphike.source.SerialSourceConfig;

/**
 * A hiphike sensor on a pseudo-terminal, offered to the dashboard as its one sensor port and opened as
 * {@link SerialSource} with the defaults the dashboard uses (protocol detected, SILENT after 2 s). It plays a
 * recording as the firmware would send it: HELLO, one IMU frame per sample and a STATUS with the battery
 * charge every second of device time, paced on the wall clock at {@code speed}. It can fall silent (stop
 * writing), be unplugged (the pty master closed) and plugged in again behind the same path ({@link PtySensor}).
 */
final class PtySensorRig implements SensorPorts, AutoCloseable {
    static final String DESCRIPTION = "hiphike virtual sensor (pty)";

    final PtySensor pty;
    private final List<byte[]> frames = new ArrayList<>();
    private final long[] dueNs;
    private final double speed;
    private final Object gate = new Object();
    private boolean silent;
    private volatile boolean closed;
    private volatile int written;
    private Thread writer;

    /**
     * @param batteryPercent the charge every STATUS reports
     */
    PtySensorRig(Path dir, Path recording, double speed, int batteryPercent) throws Exception {
        this.pty = new PtySensor(dir);
        this.speed = speed;
        List<ImuSample> samples = new CsvRecordingReader().read(recording).samples();
        double rateHz = (samples.size() - 1) / (samples.get(samples.size() - 1).timeS() - samples.get(0).timeS());
        List<Long> due = new ArrayList<>();
        int seq = 0;
        frames.add(hello(rateHz));
        due.add(0L);
        double t0 = samples.get(0).timeS();
        double nextStatusS = 0;
        for (ImuSample s : samples) {
            double t = s.timeS() - t0;
            long dueAt = (long) (t / speed * 1e9);
            long us = Math.round(t * 1e6);
            if (t >= nextStatusS) {
                frames.add(SyntheticStreams.hiphikeFrame(HiphikeDecoder.MSG_STATUS, ++seq & 0xFFFF, status(us, rateHz, batteryPercent)));
                due.add(dueAt);
                nextStatusS += 1;
            }
            frames.add(SyntheticStreams.hiphikeFrame(0x02, ++seq & 0xFFFF, imu(us, s)));
            due.add(dueAt);
        }
        dueNs = due.stream().mapToLong(Long::longValue).toArray();
    }

    // ---- SensorPorts ----

    @Override
    public List<Port> list() { return List.of(new Port(pty.path(), DESCRIPTION)); }

    @Override
    public SampleSource open(String id) throws IOException {
        if (!pty.path().equals(id)) throw new IOException("no sensor port " + id);
        return SerialSource.open(SerialSourceConfig.of(id));
    }

    // ---- the sensor ----

    /** Starts sending on a daemon thread. */
    void play() {
        writer = new Thread(this::send, "pty-sensor-rig");
        writer.setDaemon(true);
        writer.start();
    }

    /** Stops sending (the sensor is on and connected but sends nothing) until {@link #resume()}. */
    void fallSilent() {
        synchronized (gate) {
            silent = true;
        }
    }

    void resume() {
        synchronized (gate) {
            silent = false;
            gate.notifyAll();
        }
    }

    /** The cable pulled: the pty goes away; what is sent meanwhile is lost. */
    void unplug() { pty.unplug(); }

    /** The cable back in: a new pty behind the same path. */
    void plug() throws IOException { pty.plug(); }

    int framesWritten() { return written; }

    private void send() {
        long origin = System.nanoTime();
        try {
            for (int i = 0; i < frames.size() && !closed; i++) {
                synchronized (gate) {
                    long pausedAt = System.nanoTime();
                    while (silent && !closed) gate.wait();
                    origin += System.nanoTime() - pausedAt; // device time stands still while silent
                }
                long wait = origin + dueNs[i] - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait); // pacing the sensor, not synchronisation
                byte[] f = frames.get(i);
                pty.write(f, 0, f.length);
                written = i + 1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        resume();
        if (writer != null) writer.interrupt();
        pty.close();
    }

    // ---- frames (PROTOCOL.md section 7) ----

    private static byte[] hello(double rateHz) {
        // the synthetic stream's HELLO, at this recording's rate
        return PtySensor.hiphikeFrames(SyntheticStreams.stream(Protocol.HIPHIKE, 1, rateHz, 1)).get(0);
    }

    private static byte[] imu(long us, ImuSample s) {
        ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1).put((byte) 0).putInt((int) us);
        b.putFloat((float) s.accG().x()).putFloat((float) s.accG().y()).putFloat((float) s.accG().z());
        b.putFloat((float) s.gyroDps().x()).putFloat((float) s.gyroDps().y()).putFloat((float) s.gyroDps().z());
        return b.array();
    }

    private static byte[] status(long us, double rateHz, int batteryPercent) {
        ByteBuffer b = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) us).putInt(0).putFloat((float) rateHz);
        b.putShort((short) 3900).putShort((short) 3150); // 3.9 V, 31.5 °C
        b.put((byte) batteryPercent).put((byte) 1).put((byte) 0); // streaming, on battery
        return b.array();
    }
}
