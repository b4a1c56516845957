package org.hiphike.session;

/** No session has the id asked for. */
public final class NoSuchSessionException extends SessionStoreException {
    private final long id;

    public NoSuchSessionException(long id) {
        super("no session " + id + " (hiphike sessions lists them)");
        this.id = id;
    }

    public long id() { return id; }
}
