package io.leadline.outbound.api;

import io.leadline.contracts.Recipient;
import io.leadline.outbound.send.OutboundLog;
import io.leadline.platform.PlatformProperties;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/outbound/messages}: a message an agent typed, sent at most once per {@code Idempotency-Key}.
 * Same key and body: the first answer again. Same key, other body: 422. Same key while the first runs: 409.
 */
@RestController
class AgentMessagesController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final int MAX_TEXT = 4096;

    private final OutboundLog outboundLog;
    private final IdempotencyKeys keys;
    private final PlatformProperties platform;
    private final JsonMapper json = JsonMapper.builder().build();

    AgentMessagesController(OutboundLog outboundLog, IdempotencyKeys keys, PlatformProperties platform) {
        this.outboundLog = outboundLog;
        this.keys = keys;
        this.platform = platform;
    }

    /** The request body; the recipient as the conversation knows the person. */
    record AgentMessageRequest(String businessId, Long conversationId, String text, Recipient recipient) {
    }

    /** The answer: the outbound row the message became (PENDING until the dispatcher sends it). */
    record AgentMessageAccepted(long outboundId, String dedupeKey, String status, boolean duplicate) {
    }

    @PostMapping("/api/outbound/messages")
    ResponseEntity<?> send(@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @RequestBody AgentMessageRequest request) {
        if (key == null || key.isBlank() || key.length() > 255) {
            return problem(HttpStatus.BAD_REQUEST, "Idempotency-Key required",
                    "Send a unique Idempotency-Key header (at most 255 characters) with every message.");
        }
        String invalid = invalid(request);
        if (invalid != null) {
            return problem(HttpStatus.BAD_REQUEST, "Invalid message", invalid);
        }
        String hash = sha256(json.writeValueAsBytes(request));
        return switch (keys.claim(key, hash)) {
            case IdempotencyKeys.Claim.Replay replay -> ResponseEntity.status(replay.status())
                    .header("Content-Type", "application/json")
                    .header("Idempotent-Replayed", "true")
                    .body(replay.body());
            case IdempotencyKeys.Claim.DifferentRequest different -> problem(HttpStatus.UNPROCESSABLE_CONTENT,
                    "Idempotency-Key reused", "This Idempotency-Key was used for a different request body.");
            case IdempotencyKeys.Claim.StillRunning running -> problem(HttpStatus.CONFLICT,
                    "Request in progress", "The first request with this Idempotency-Key is still running.");
            case IdempotencyKeys.Claim.Granted granted -> apply(key, granted.firstClaimedAt(), request);
        };
    }

    private ResponseEntity<?> apply(String key, Instant firstClaimedAt, AgentMessageRequest request) {
        OutboundLog.Accepted accepted;
        try {
            accepted = outboundLog.accept(new OutboundLog.AgentMessage(request.businessId(),
                    request.conversationId(), key, firstClaimedAt, request.text(), request.recipient()));
        } catch (RuntimeException failed) {
            keys.release(key);
            throw failed;
        }
        AgentMessageAccepted body = new AgentMessageAccepted(accepted.outboundId(), accepted.dedupeKey(),
                "PENDING", !accepted.created());
        String serialized = json.writeValueAsString(body);
        keys.complete(key, HttpStatus.ACCEPTED.value(), serialized, accepted.outboundId());
        return ResponseEntity.status(HttpStatus.ACCEPTED).header("Content-Type", "application/json").body(serialized);
    }

    private String invalid(AgentMessageRequest request) {
        if (request.businessId() == null || platform.business(request.businessId()).isEmpty()) {
            return "businessId must name a configured business.";
        }
        if (request.conversationId() == null || request.conversationId() <= 0) {
            return "conversationId must be a positive number.";
        }
        if (request.text() == null || request.text().isBlank() || request.text().length() > MAX_TEXT) {
            return "text must be 1 to " + MAX_TEXT + " characters.";
        }
        if (request.recipient() == null || request.recipient().address() == null) {
            return "recipient needs a phoneE164, waId or bsuid.";
        }
        return null;
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("about:blank"));
        return ResponseEntity.status(status).body(problem);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
