package io.leadline.contracts;

/** Where a WhatsApp message came from or goes to. */
public enum Channel {
    /** Meta's WhatsApp Cloud API. */
    META_CLOUD,
    /** Kapso, a WhatsApp Business platform in front of the Cloud API. */
    KAPSO,
    /** A WhatsApp-Web gateway (Baileys, Evolution API, WAHA). */
    GATEWAY
}
