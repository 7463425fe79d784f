package io.leadline.ingest.replay;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/admin/ingest/replay?from=<ISO-8601 time>} or {@code ?fromOffset=<n>} (every partition): re-parses
 * the archived raw webhooks since then into inbound and status events. Bearer admin token, like all of {@code /api/}.
 * A replay that cannot finish within {@code leadline.ingest.replay-timeout} is answered 503 with how far it got.
 */
@RestController
class ReplayController {

    private static final Logger log = LoggerFactory.getLogger(ReplayController.class);

    private final RawReplayer replayer;

    ReplayController(RawReplayer replayer) {
        this.replayer = replayer;
    }

    @PostMapping("/api/admin/ingest/replay")
    ResponseEntity<?> replay(@RequestParam(required = false) Instant from,
            @RequestParam(required = false) Long fromOffset) {
        if (from == null && fromOffset == null) {
            return ResponseEntity.badRequest().body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    "Say where to start: from=<ISO-8601 time> or fromOffset=<offset in every partition>."));
        }
        return ResponseEntity.ok(replayer.replay(from, fromOffset));
    }

    /** 503: running the replay again is safe; the problem says how far this one got before it stopped. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> incomplete(ReplayIncomplete incomplete) {
        log.warn("{}", incomplete.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                incomplete.getMessage());
        problem.setProperty("reason", "replay_incomplete");
        problem.setProperty("progress", incomplete.progress());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "30").body(problem);
    }
}
