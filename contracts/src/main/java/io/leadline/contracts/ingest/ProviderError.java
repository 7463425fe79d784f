package io.leadline.contracts.ingest;

/** An error the provider reported, by its numeric code (decisions use the code, never the text). */
public record ProviderError(int code, String title, String message, String details) {
}
