package io.leadline.contracts;

/**
 * How to address a reply to a person: their phone in E.164 when known, else Meta's business-scoped
 * user id (BSUID). {@code waId} is Meta's WhatsApp id, when the provider gave one; {@code lid} the
 * WhatsApp linked id (without {@code @lid}) a gateway can send to.
 */
public record Recipient(String phoneE164, String waId, String bsuid, String lid) {

    private static final String LID_SUFFIX = "@lid";

    public Recipient(String phoneE164, String waId, String bsuid) {
        this(phoneE164, waId, bsuid, null);
    }

    /** The value the WhatsApp Cloud API's {@code to} field takes, or null when there is nothing to address. */
    public String address() {
        String phone = phoneDigits();
        return phone != null ? phone : bsuid;
    }

    /**
     * The value a WhatsApp-Web gateway's {@code number} field takes: the phone's digits, else the linked id as a
     * JID ({@code <lid>@lid}); null when neither is known (a BSUID means nothing to a gateway).
     */
    public String gatewayAddress() {
        String phone = phoneDigits();
        if (phone != null || lid == null || lid.isBlank()) {
            return phone;
        }
        return lid.endsWith(LID_SUFFIX) ? lid : lid + LID_SUFFIX;
    }

    private String phoneDigits() {
        if (waId != null && !waId.isBlank()) {
            return waId;
        }
        if (phoneE164 != null && !phoneE164.isBlank()) {
            return phoneE164.startsWith("+") ? phoneE164.substring(1) : phoneE164;
        }
        return null;
    }
}
