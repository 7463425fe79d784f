package io.leadline.ingest.webhook;

import io.leadline.platform.kafka.EventPublisher.PublishFailedException;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Webhook failures as RFC 9457 problems: the sender learns whether to fix the request or to retry it. */
@RestControllerAdvice(basePackages = "io.leadline.ingest")
class WebhookProblems {

    private static final Logger log = LoggerFactory.getLogger(WebhookProblems.class);
    private static final String RETRY_AFTER_SECONDS = "5";

    private final MeterRegistry meters;

    WebhookProblems(MeterRegistry meters) {
        this.meters = meters;
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> rejected(WebhookRejected rejected) {
        WebhookMetrics.received(meters, rejected.source().name(), rejected.reason()).increment();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(rejected.status(), rejected.getMessage());
        problem.setProperty("reason", rejected.reason());
        var response = ResponseEntity.status(rejected.status());
        if (rejected.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        return response.body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> brokerUnavailable(PublishFailedException failure) {
        log.warn("Webhook not accepted, the broker is unavailable: {}", failure.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The event log is unavailable; the webhook was not accepted. Retry later.");
        problem.setProperty("reason", "broker_unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .body(problem);
    }
}
