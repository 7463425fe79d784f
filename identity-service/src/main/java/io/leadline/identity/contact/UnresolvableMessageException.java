package io.leadline.identity.contact;

/** An inbound message no contact can be resolved for: it is dead-lettered with this message as the reason. */
class UnresolvableMessageException extends IllegalArgumentException {

    UnresolvableMessageException(String reason) {
        super(reason);
    }
}
