package io.leadline.outbound.send;

import java.util.ArrayList;
import java.util.List;

/**
 * The places among the calls in flight and the tokens one claim holds. A claim starts with the one place its worker
 * waited for and takes more, without waiting, for each row it is about to mark SENDING; whatever it does not use,
 * or everything when it fails, goes back.
 */
final class ClaimBudget {

    private final SendGate gate;
    private final List<String> tokens = new ArrayList<>();
    private int places;

    ClaimBudget(SendGate gate, int places) {
        this.gate = gate;
        this.places = places;
    }

    /** Makes sure there are {@code needed} places; false when no more is free right now. */
    boolean placesFor(int needed) {
        while (places < needed) {
            if (!gate.tryAcquirePlace()) {
                return false;
            }
            places++;
        }
        return true;
    }

    /** Takes a token of the number's bucket; returns 0, or how many nanoseconds until one is there. */
    long takeToken(String phoneNumberId) {
        long wait = gate.tryToken(phoneNumberId);
        if (wait == 0) {
            tokens.add(phoneNumberId);
        }
        return wait;
    }

    void returnToken(String phoneNumberId) {
        if (tokens.remove(phoneNumberId)) {
            gate.giveBack(phoneNumberId);
        }
    }

    /** After a committed claim: the places its sends did not take go back (each send frees its own when done). */
    void settle(int claimed) {
        gate.releasePlaces(places - claimed);
        places = claimed;
    }

    /** After a failed claim: nothing was sent, so every place and token goes back. */
    void refund() {
        gate.releasePlaces(places);
        places = 0;
        tokens.forEach(gate::giveBack);
        tokens.clear();
    }
}
