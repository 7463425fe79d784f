package io.leadline.contracts;

/** Whether the customer or the business wrote a message. */
public enum Direction {
    INBOUND,
    OUTBOUND
}
