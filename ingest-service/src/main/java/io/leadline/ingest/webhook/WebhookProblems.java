package io.leadline.ingest.webhook;

import io.leadline.platform.kafka.EventPublisher.PublishFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Webhook failures as RFC 9457 problems: the sender learns whether to fix the request or to retry it. */
@RestControllerAdvice(assignableTypes = MetaWebhookController.class)
class WebhookProblems {

    private static final Logger log = LoggerFactory.getLogger(WebhookProblems.class);
    private static final String RETRY_AFTER_SECONDS = "5";

    @ExceptionHandler
    ProblemDetail rejected(WebhookRejected rejected) {
        return ProblemDetail.forStatusAndDetail(rejected.status(), rejected.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> brokerUnavailable(PublishFailedException failure) {
        log.warn("Webhook not accepted, the broker is unavailable: {}", failure.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The event log is unavailable; nothing was accepted. Retry later.");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .body(problem);
    }
}
