package io.leadline.ai.model;

import java.util.Locale;

/** Why a remote model's answer was replaced by the rule-based one; the {@code reason} tag of the fallback count. */
public enum FallbackReason {
    INVALID_JSON,
    SCHEMA_VIOLATION,
    REPEATED_QUESTION,
    TIMEOUT,
    SERVER_ERROR,
    CLIENT_ERROR,
    UNREACHABLE;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
