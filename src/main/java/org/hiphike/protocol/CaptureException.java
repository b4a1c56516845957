package org.hiphike.protocol;

import java.io.IOException;

/** A capture file that cannot be turned into a recording; the message says why, for the user. */
public final class CaptureException extends IOException {
    public CaptureException(String message) {
        super(message);
    }
}
