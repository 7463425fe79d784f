package io.leadline.outbound.api;

import java.util.List;
import io.leadline.outbound.send.OutboundAdmin;
import io.leadline.outbound.send.OutboundAdmin.RetryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/admin/outbound}: the log's health, and the explicit, audited re-send. */
@RestController
class AdminController {

    static final String ACTOR = "X-Actor";
    private static final Logger log = LoggerFactory.getLogger(AdminController.class);

    private final OutboundAdmin admin;

    AdminController(OutboundAdmin admin) {
        this.admin = admin;
    }

    @GetMapping("/api/admin/outbound/health")
    OutboundAdmin.Health health() {
        return admin.health();
    }

    record Requeued(long id, String previousStatus, String status) {
    }

    record ConversationSends(long conversationId, List<OutboundAdmin.Row> rows) {
    }

    @GetMapping("/api/admin/outbound")
    ConversationSends conversation(@RequestParam long conversationId) {
        return new ConversationSends(conversationId, admin.conversation(conversationId));
    }

    @PostMapping("/api/admin/outbound/{id}/retry")
    ResponseEntity<?> retry(@PathVariable long id, @RequestParam(defaultValue = "false") boolean force,
            @RequestParam(required = false) String reason, @RequestHeader(name = ACTOR, required = false) String actor) {
        if (actor == null || actor.isBlank()) {
            return AgentMessagesController.problem(HttpStatus.BAD_REQUEST, "Actor required",
                    "A re-send is audited: name yourself in the X-Actor header.");
        }
        return switch (admin.retry(id, force, actor, reason)) {
            case RetryResult.Requeued requeued -> {
                log.info("Outbound {} re-sent by {} (was {}, force={})", id, actor, requeued.previousStatus(), force);
                yield ResponseEntity.accepted().body(new Requeued(id, requeued.previousStatus(),
                        requeued.row().status()));
            }
            case RetryResult.NotFound notFound -> AgentMessagesController.problem(HttpStatus.NOT_FOUND,
                    "No such send", "There is no outbound message " + id + ".");
            case RetryResult.Refused refused -> AgentMessagesController.problem(HttpStatus.CONFLICT,
                    "Not re-sendable", refused.why());
        };
    }
}
