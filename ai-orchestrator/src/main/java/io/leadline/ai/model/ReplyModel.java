package io.leadline.ai.model;

/** Proposes the next qualification step. Implementations must not touch the database. */
public interface ReplyModel {

    /** The name decisions and metrics record, e.g. {@code rules}. */
    String name();

    /** The proposal, or why there is none (the caller then asks the rule-based model). */
    Advice propose(FlowContext context);
}
