package org.hiphike.source;

import java.io.IOException;

/**
 * An open connection to a sensor as a byte stream: a serial port ({@link SerialLink}) or a Bluetooth LE
 * characteristic's notifications ({@link BleLink}). {@link SerialSource} reads and writes through it.
 */
interface ByteLink extends AutoCloseable {
    /**
     * Reads what has arrived, waiting up to the link's read timeout (about 100 ms) for the first byte.
     *
     * @return bytes read, 0 when nothing came in time
     * @throws IOException when the device has gone away or the link was closed
     */
    int read(byte[] buf) throws IOException;

    /** Sends bytes to the device (host commands). */
    void write(byte[] bytes) throws IOException;

    /** Closes the link; safe from any thread, more than once. */
    @Override
    void close();

    /** Opens the link again after the device was lost; an exception means "not back yet". */
    @FunctionalInterface
    interface Opener {
        ByteLink open() throws IOException;
    }
}
