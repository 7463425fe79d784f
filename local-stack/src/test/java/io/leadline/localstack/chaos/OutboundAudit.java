package io.leadline.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testkit.postgres.TestDatabase;
import io.leadline.testkit.whatsapp.RecordedSend;
import io.leadline.testkit.whatsapp.WhatsAppSimulator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every outbound row against what the simulated WhatsApp API really received (matched by the outbound id the
 * service puts in {@code biz_opaque_callback_data}): a send that reached the API is never FAILED and never made
 * twice; a send that never reached it either failed for an answer of the API or is still owed to the customer.
 */
record OutboundAudit(List<Row> rows, Map<String, List<RecordedSend>> sendsByOutboundId, long sendsWithoutId) {

    /** FAILED for an answer of the API: a refusal with a non-retryable code, or retries exhausted on 5xx/429. */
    private static final Pattern API_ANSWER = Pattern.compile(
            "^(RETRIES_EXHAUSTED after \\d+ attempts: )?REFUSED: WhatsApp answered \\d{3}.*"
                    + "|^a status webhook reported the send failed$", Pattern.DOTALL);
    private static final Set<String> ACCEPTED_STATES = Set.of("SENT", "DELIVERED", "READ");

    record Row(long id, String status, int attempts, String lastError, String providerMessageId) {

        @Override
        public String toString() {
            return "#" + id + " " + status + " after " + attempts + " attempt(s)"
                    + (lastError == null ? "" : ": " + lastError.substring(0, Math.min(140, lastError.length())));
        }
    }

    static OutboundAudit read(TestDatabase database, WhatsAppSimulator simulator) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection connection = database.connect(); Statement sql = connection.createStatement();
             ResultSet result = sql.executeQuery("SELECT id, status, attempts, last_error, provider_message_id "
                     + "FROM outbound.outbound_message ORDER BY id")) {
            while (result.next()) {
                rows.add(new Row(result.getLong(1), result.getString(2), result.getInt(3), result.getString(4),
                        result.getString(5)));
            }
        }
        List<RecordedSend> sends = simulator.sends();
        return new OutboundAudit(rows, sends.stream().filter(send -> send.callbackData() != null)
                .collect(Collectors.groupingBy(RecordedSend::callbackData)),
                sends.stream().filter(send -> send.callbackData() == null).count());
    }

    private List<RecordedSend> sends(Row row) {
        return sendsByOutboundId.getOrDefault(Long.toString(row.id()), List.of());
    }

    private boolean reached(Row row) {
        return !sends(row).isEmpty();
    }

    private List<Row> where(Predicate<Row> condition) {
        return rows.stream().filter(condition).toList();
    }

    List<Row> stuck() {
        return where(row -> row.status().equals("PENDING") || row.status().equals("SENDING"));
    }

    List<Row> unknown() {
        return where(row -> row.status().equals("UNKNOWN"));
    }

    List<Row> sentTwice() {
        return where(row -> sends(row).size() > 1);
    }

    /** Reached the API, yet recorded as anything but accepted or unknown (FAILED above all). */
    List<Row> reachedButNotAccepted() {
        return where(row -> reached(row) && !ACCEPTED_STATES.contains(row.status())
                && !row.status().equals("UNKNOWN"));
    }

    /** Recorded as accepted, yet the API has no such send under that message id: an intent never delivered. */
    List<Row> acceptedButNeverSent() {
        return where(row -> ACCEPTED_STATES.contains(row.status()) && sends(row).stream()
                .noneMatch(send -> send.wamid().equals(row.providerMessageId())));
    }

    /** FAILED for any other reason than an answer of the API: a process death, a broker outage, a lost wake-up. */
    List<Row> failedWithoutApiAnswer() {
        return where(row -> row.status().equals("FAILED")
                && (row.lastError() == null || !API_ANSWER.matcher(row.lastError()).matches()));
    }

    /** Sends the API received for no outbound row of this run. */
    long strangerSends() {
        Set<String> ids = rows.stream().map(row -> Long.toString(row.id())).collect(Collectors.toSet());
        return sendsWithoutId + sendsByOutboundId.keySet().stream().filter(id -> !ids.contains(id)).count();
    }

    String summary() {
        List<Row> unknown = unknown();
        long unknownReached = unknown.stream().filter(this::reached).count();
        return String.format("outbound audit: %d rows, %d reached the API, %d sent twice; UNKNOWN %d (%d reached the "
                        + "API, %d did not)", rows.size(), rows.stream().filter(this::reached).count(),
                sentTwice().size(), unknown.size(), unknownReached, unknown.size() - unknownReached)
                + unknown.stream().map(row -> "\n  UNKNOWN " + row + (reached(row) ? " [reached the API]"
                : " [never reached the API]")).collect(Collectors.joining());
    }

    void assertHolds() {
        assertThat(stuck()).as("no send left PENDING or SENDING").isEmpty();
        assertThat(sentTwice()).as("no outbound row sent twice: " + sentTwice().stream()
                .map(row -> row + " " + sends(row)).toList()).isEmpty();
        assertThat(reachedButNotAccepted()).as("every send the API recorded is SENT/DELIVERED/READ or UNKNOWN")
                .isEmpty();
        assertThat(acceptedButNeverSent()).as("every SENT/DELIVERED row was received by the API with its wamid")
                .isEmpty();
        assertThat(failedWithoutApiAnswer()).as("every FAILED row failed for an answer of the API, never because "
                + "a process died").isEmpty();
        assertThat(strangerSends()).as("every send the API received belongs to an outbound row").isZero();
    }
}
