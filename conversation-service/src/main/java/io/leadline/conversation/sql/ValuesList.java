package io.leadline.conversation.sql;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.IntFunction;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;

/**
 * The rows of a run of events as a table for one statement: {@code WITH input (…) AS (%s)} with {@link #select()}.
 * Each column travels as one array parameter, cast to its column's type, and the rows come out of an {@code unnest}.
 * So the statement's text is the same for any number of rows: PostgreSQL parses and plans it once per connection,
 * where a {@code VALUES} list with a parameter per cell was a new statement for every run length.
 */
public final class ValuesList {

    private record Column(String name, String type, IntFunction<Object[]> array) {
    }

    private final String prefix;
    private final List<Column> columns;
    private final List<Object[]> rows = new ArrayList<>();

    private ValuesList(String prefix, List<Column> columns) {
        this.prefix = prefix;
        this.columns = columns;
    }

    /**
     * @param prefix  what the parameters' names start with, unique within the statement
     * @param columns each "name type", the type one of int, bigint, text, timestamptz
     */
    public static ValuesList of(String prefix, String... columns) {
        return new ValuesList(prefix, Arrays.stream(columns).map(column -> {
            String[] parts = column.split(" ");
            IntFunction<Object[]> array = switch (parts[1]) {
                case "int" -> Integer[]::new;
                case "bigint" -> Long[]::new;
                // instants travel as ISO-8601 text, which PostgreSQL casts to timestamptz exactly
                case "text", "timestamptz" -> String[]::new;
                default -> throw new IllegalArgumentException("no array type for " + parts[1]);
            };
            return new Column(parts[0], parts[1], array);
        }).toList());
    }

    /** One row, a cell per column in their order. */
    public ValuesList add(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException(columns.size() + " cells expected, got " + cells.length);
        }
        Object[] row = new Object[cells.length];
        for (int i = 0; i < row.length; i++) {
            row[i] = cell(columns.get(i).type(), cells[i]);
        }
        rows.add(row);
        return this;
    }

    private static Object cell(String type, Object value) {
        return switch (value) {
            case null -> null;
            case Number number when type.equals("int") -> number.intValue();
            case Number number when type.equals("bigint") -> number.longValue();
            case Instant instant -> instant.toString();
            case Timestamp timestamp -> timestamp.toInstant().toString();
            default -> value;
        };
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The column names, for {@code WITH input (names) AS (…)}. */
    public String names() {
        return String.join(", ", columns.stream().map(Column::name).toList());
    }

    /** The rows as a query: {@code SELECT * FROM unnest(CAST(:p_ord AS int[]), …)}. */
    public String select() {
        StringJoiner arrays = new StringJoiner(", ", "SELECT * FROM unnest(", ")");
        columns.forEach(column -> arrays.add("CAST(:" + parameter(column) + " AS " + column.type() + "[])"));
        return arrays.toString();
    }

    public StatementSpec bind(StatementSpec statement) {
        for (int c = 0; c < columns.size(); c++) {
            Object[] values = columns.get(c).array().apply(rows.size());
            for (int r = 0; r < rows.size(); r++) {
                values[r] = rows.get(r)[c];
            }
            statement = statement.param(parameter(columns.get(c)), values);
        }
        return statement;
    }

    private String parameter(Column column) {
        return prefix + "_" + column.name();
    }
}
