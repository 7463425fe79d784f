package io.leadline.conversation.task;

import java.time.Instant;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' work queue: {@code GET /api/tasks} (open and not snoozed by default), and per task resolve, snooze,
 * assign or unassign and, for a dead letter, re-drive.
 */
@RestController
@RequestMapping("/api/tasks")
class TaskController {

    record Note(String note) {
    }

    record Snooze(Instant until) {
    }

    record Assignee(String assignee) {
    }

    private final TaskQueue queue;

    TaskController(TaskQueue queue) {
        this.queue = queue;
    }

    @GetMapping
    TaskQueue.Page list(@RequestParam(defaultValue = "OPEN") TaskQueue.View view,
                        @RequestParam(required = false) String type,
                        @RequestParam(required = false) Long conversationId,
                        @RequestParam(required = false) Long cursor,
                        @RequestParam(defaultValue = "50") int limit) {
        return queue.list(view, type, conversationId, cursor, Math.clamp(limit, 1, 200));
    }

    @GetMapping("/{id}")
    TaskQueue.Task get(@PathVariable long id) {
        return queue.get(id);
    }

    @PostMapping("/{id}/resolve")
    TaskQueue.Task resolve(@PathVariable long id, @RequestBody(required = false) Note note) {
        return queue.resolve(id, note == null ? null : note.note());
    }

    @PostMapping("/{id}/snooze")
    TaskQueue.Task snooze(@PathVariable long id, @RequestBody Snooze snooze) {
        return queue.snooze(id, snooze.until());
    }

    /** Assigns; {@code {"assignee": null}} (or blank) unassigns, like {@code DELETE}. */
    @PutMapping("/{id}/assignee")
    TaskQueue.Task assign(@PathVariable long id, @RequestBody Assignee assignee) {
        return queue.assign(id, assignee.assignee());
    }

    @DeleteMapping("/{id}/assignee")
    TaskQueue.Task unassign(@PathVariable long id) {
        return queue.assign(id, null);
    }

    @PostMapping("/{id}/redrive")
    TaskQueue.Task redrive(@PathVariable long id, @RequestBody(required = false) Note note) {
        return queue.redrive(id, note == null ? null : note.note());
    }
}
