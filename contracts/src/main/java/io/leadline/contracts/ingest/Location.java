package io.leadline.contracts.ingest;

/** A location a customer shared. */
public record Location(double latitude, double longitude, String name, String address) {
}
