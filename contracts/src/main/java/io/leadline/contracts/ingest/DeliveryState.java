package io.leadline.contracts.ingest;

/** A delivery status, in the only order it may move: sent, delivered, read; or failed. */
public enum DeliveryState {
    SENT,
    DELIVERED,
    READ,
    FAILED
}
