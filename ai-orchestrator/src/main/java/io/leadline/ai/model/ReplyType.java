package io.leadline.ai.model;

/** What a decision does: ask a qualification question, hand over to a person, or stay silent. */
public enum ReplyType {
    QUESTION,
    HANDOVER,
    NONE
}
