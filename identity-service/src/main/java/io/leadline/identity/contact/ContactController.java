package io.leadline.identity.contact;

import io.leadline.identity.contact.ContactDirectory.ContactView;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The contacts API: find by any identifier form, read, name by hand; and the phone backfill. */
@RestController
class ContactController {

    private final ContactDirectory directory;
    private final Backfill backfill;

    private final ContactEvidence evidence;

    ContactController(ContactDirectory directory, Backfill backfill, ContactEvidence evidence) {
        this.directory = directory;
        this.backfill = backfill;
        this.evidence = evidence;
    }

    /** The identifiers behind a contact and the merges it took part in, with their evidence. */
    @GetMapping("/api/contacts/{id}/evidence")
    ContactEvidence.Evidence evidence(@PathVariable long id) {
        return evidence.of(id).orElseThrow(() -> notFound(id));
    }

    @GetMapping("/api/contacts")
    List<ContactView> find(@RequestParam String identifier, @RequestParam(required = false) String businessId) {
        if (identifier.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "identifier must not be blank");
        }
        return directory.findByIdentifier(identifier, businessId);
    }

    @GetMapping("/api/contacts/{id}")
    ContactView get(@PathVariable long id) {
        return directory.find(id).orElseThrow(() -> notFound(id));
    }

    /** {@code {"name": "…"}} names the contact by hand; a blank name returns it to its WhatsApp profile name. */
    @PatchMapping("/api/contacts/{id}")
    ContactView patch(@PathVariable long id, @RequestBody ContactPatch patch) {
        if (patch == null || patch.name() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The body must carry \"name\"");
        }
        if (patch.name().length() > 200) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "name is longer than 200 characters");
        }
        return directory.nameByHand(id, patch.name()).orElseThrow(() -> notFound(id));
    }

    /** Re-normalizes every contact's phone and merges the duplicates it finds; a dry run unless execute=true. */
    @PostMapping("/api/admin/contacts/backfill")
    Backfill.Report backfill(@RequestParam(defaultValue = "false") boolean execute) {
        return backfill.run(execute);
    }

    private static ResponseStatusException notFound(long id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No contact " + id);
    }

    record ContactPatch(String name) {
    }
}
