package io.leadline.ingest.replay;

import java.time.Duration;

/**
 * A replay that stopped before the end of the archive: the broker was unreachable, did not acknowledge, or the whole
 * replay took longer than {@code leadline.ingest.replay-timeout}. What it republished stays republished; running it
 * again is safe, since consumers drop the events they already have.
 */
class ReplayIncomplete extends RuntimeException {

    private final transient RawReplayer.Outcome progress;

    ReplayIncomplete(String why, Duration timeout, RawReplayer.Outcome progress, Throwable cause) {
        super("Replay stopped before the end of the archive: " + why + " (leadline.ingest.replay-timeout is "
                + timeout + "). " + progress.webhooks() + " webhook(s) were republished first; running the replay "
                + "again is safe.", cause);
        this.progress = progress;
    }

    RawReplayer.Outcome progress() {
        return progress;
    }
}
