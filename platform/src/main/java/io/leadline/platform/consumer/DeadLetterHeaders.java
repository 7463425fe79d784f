package io.leadline.platform.consumer;

/**
 * Headers a dead-letter record carries beside the original record's own (all text). The record value is the
 * original bytes, untouched, so it can be re-driven to its topic once the cause is fixed.
 */
public final class DeadLetterHeaders {

    public static final String REASON = "leadline_dlt_reason";
    public static final String EXCEPTION = "leadline_dlt_exception";
    public static final String CONSUMER = "leadline_dlt_consumer";
    public static final String ORIGINAL_TOPIC = "leadline_dlt_original_topic";
    public static final String ORIGINAL_PARTITION = "leadline_dlt_original_partition";
    public static final String ORIGINAL_OFFSET = "leadline_dlt_original_offset";
    public static final String ATTEMPTS = "leadline_dlt_attempts";
    public static final String DEAD_LETTERED_AT = "leadline_dlt_at";

    private DeadLetterHeaders() {
    }
}
