package io.leadline.conversation.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Where the next inbox page starts: the last row's activity time and id, opaque to clients. */
record Cursor(Instant lastActivityAt, long id) {

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((lastActivityAt.toString() + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String value) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8).split("\\|");
            return new Cursor(Instant.parse(parts[0]), Long.parseLong(parts[1]));
        } catch (RuntimeException unreadable) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The cursor is not one this API gave out");
        }
    }
}
