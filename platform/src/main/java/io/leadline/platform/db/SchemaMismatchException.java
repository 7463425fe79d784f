package io.leadline.platform.db;

/** The database does not match this build's migrations: the service must not start against it. */
public class SchemaMismatchException extends IllegalStateException {

    public SchemaMismatchException(String message) {
        super(message);
    }
}
