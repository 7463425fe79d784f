package io.leadline.outbound.send;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code leadline.outbound.rows{status}}: how many sends wait in each open state right now. PENDING growing is a
 * backlog (paced, throttled or a dispatcher down), SENDING is calls in flight, UNKNOWN is sends a person or a status
 * webhook must settle. The end states are counted by {@code leadline.outbound.sends} and
 * {@code leadline.outbound.reconciled} instead: counting them here would scan the whole log every sweep. Refreshed by
 * the lease sweeper, on its interval; each count reads its own partial index.
 */
@Component
class OpenRowGauges {

    static final List<String> OPEN_STATES = List.of("PENDING", "SENDING", "UNKNOWN");

    private final JdbcClient jdbc;
    private final Map<String, AtomicLong> counts;

    OpenRowGauges(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.counts = OPEN_STATES.stream().collect(Collectors.toMap(Function.identity(), state -> new AtomicLong()));
        counts.forEach((state, count) -> Gauge.builder("leadline.outbound.rows", count, AtomicLong::get)
                .description("Outbound sends in each open state, as of the last sweep")
                .tag("status", state)
                .register(meters));
    }

    void refresh() {
        String query = OPEN_STATES.stream()
                .map(state -> "SELECT '" + state + "' AS status, count(*) FROM outbound_message WHERE status = '"
                        + state + "'")
                .collect(Collectors.joining(" UNION ALL "));
        jdbc.sql(query).query((rs, n) -> {
            counts.get(rs.getString(1)).set(rs.getLong(2));
            return null;
        }).list();
    }
}
