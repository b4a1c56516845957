package org.hiphike.session;

/** The store cannot do what was asked; the message is one sentence for the user. */
public class SessionStoreException extends RuntimeException {
    public SessionStoreException(String message) { super(message); }

    public SessionStoreException(String message, Throwable cause) { super(message, cause); }
}
