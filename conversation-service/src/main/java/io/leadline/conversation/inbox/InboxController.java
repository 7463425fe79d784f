package io.leadline.conversation.inbox;

import io.leadline.conversation.config.ConversationProperties;
import io.leadline.conversation.inbox.InboxQueries.ConversationView;
import io.leadline.conversation.inbox.InboxQueries.Filter;
import io.leadline.conversation.inbox.InboxQueries.MessageView;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The inbox. The list is a JSON array of one page; when there is a next page its cursor comes in the
 * {@code X-Next-Cursor} header and as a {@code Link: <…>; rel="next"} URL.
 */
@RestController
@RequestMapping("/api/conversations")
class InboxController {

    static final String NEXT_CURSOR = "X-Next-Cursor";

    private final InboxQueries queries;
    private final ConversationCommands commands;
    private final ConversationProperties.Inbox settings;

    InboxController(InboxQueries queries, ConversationCommands commands, ConversationProperties properties) {
        this.queries = queries;
        this.commands = commands;
        this.settings = properties.inbox();
    }

    enum Status { OPEN, CLOSED, ALL }

    record AssigneeRequest(String assignee) {
    }

    @GetMapping
    ResponseEntity<List<ConversationView>> conversations(@RequestParam(required = false) String businessId,
            @RequestParam(defaultValue = "open") String status, @RequestParam(required = false) Boolean assigned,
            @RequestParam(required = false) String assignee, @RequestParam(defaultValue = "false") boolean deleted,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Long contactId) {
        Status wanted = parseStatus(status);
        int size = Math.clamp(limit == null ? settings.defaultPageSize() : limit, 1, settings.maxPageSize());
        Filter filter = new Filter(businessId, wanted == Status.ALL ? null : wanted.name(), assigned, assignee, deleted,
                contactId);
        List<ConversationView> rows = queries.page(filter, cursor == null ? null : Cursor.decode(cursor), size);
        if (rows.size() <= size) {
            return ResponseEntity.ok(rows);
        }
        List<ConversationView> page = rows.subList(0, size);
        ConversationView last = page.getLast();
        String next = new Cursor(last.lastActivityAt(), last.id()).encode();
        String url = ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("cursor", next).toUriString();
        return ResponseEntity.ok()
                .header(NEXT_CURSOR, next)
                .header(HttpHeaders.LINK, "<" + url + ">; rel=\"next\"")
                .body(List.copyOf(page));
    }

    @GetMapping("/{id}")
    ConversationView conversation(@PathVariable long id) {
        return queries.conversation(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No conversation " + id));
    }

    @GetMapping("/{id}/messages")
    List<MessageView> messages(@PathVariable long id) {
        conversation(id);
        return queries.messages(id);
    }

    @PutMapping("/{id}/assignee")
    ConversationView assign(@PathVariable long id, @RequestBody AssigneeRequest request) {
        if (request == null || request.assignee() == null || request.assignee().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Give the assignee: {\"assignee\": \"…\"}");
        }
        commands.assign(id, request.assignee().strip());
        return conversation(id);
    }

    @DeleteMapping("/{id}/assignee")
    ConversationView unassign(@PathVariable long id) {
        commands.assign(id, null);
        return conversation(id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id) {
        commands.delete(id);
    }

    @PostMapping("/{id}/restore")
    ConversationView restore(@PathVariable long id) {
        commands.restore(id);
        return conversation(id);
    }

    private static Status parseStatus(String value) {
        try {
            return Status.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "status must be open, closed or all");
        }
    }
}
