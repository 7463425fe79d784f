package io.leadline.ai.model;

/** A model's proposal, or the reason it gave none. Exactly one of the two is set. */
public record Advice(String model, Proposal proposal, FallbackReason failure) {

    public static Advice of(String model, Proposal proposal) {
        return new Advice(model, proposal, null);
    }

    public static Advice failed(String model, FallbackReason reason) {
        return new Advice(model, null, reason);
    }
}
