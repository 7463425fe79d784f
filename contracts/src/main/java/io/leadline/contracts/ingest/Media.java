package io.leadline.contracts.ingest;

/** An attachment of an inbound message, by the provider's media id (the bytes stay with the provider). */
public record Media(String id, String mimeType, String caption, String filename, String sha256) {
}
