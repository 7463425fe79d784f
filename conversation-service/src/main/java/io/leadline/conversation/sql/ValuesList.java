package io.leadline.conversation.sql;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;

/**
 * The rows of a multi-row {@code VALUES} list, one named parameter per cell, each cast to its column's type (a
 * parameter's type is then never guessed, not even for a null) and bound with an explicit JDBC type (so the driver
 * is never asked for parameter metadata, which would cost a round trip). For statements that apply a whole run of
 * events at once: {@code WITH input (…) AS (VALUES …)}.
 */
public final class ValuesList {

    private record Column(String name, String type, int jdbcType) {
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
            int jdbcType = switch (parts[1]) {
                case "int" -> Types.INTEGER;
                case "bigint" -> Types.BIGINT;
                case "text" -> Types.VARCHAR;
                case "timestamptz" -> Types.TIMESTAMP;
                default -> throw new IllegalArgumentException("no JDBC type for " + parts[1]);
            };
            return new Column(parts[0], parts[1], jdbcType);
        }).toList());
    }

    /** One row, a cell per column in their order; instants become timestamps. */
    public ValuesList add(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException(columns.size() + " cells expected, got " + cells.length);
        }
        Object[] row = cells.clone();
        for (int i = 0; i < row.length; i++) {
            row[i] = row[i] instanceof Instant instant ? Timestamp.from(instant) : row[i];
        }
        rows.add(row);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The column names, for {@code WITH input (names) AS (VALUES …)}. */
    public String names() {
        return String.join(", ", columns.stream().map(Column::name).toList());
    }

    /** The rows as SQL: {@code (CAST(:p0_0 AS int), …), (…)}. */
    public String rows() {
        StringJoiner sql = new StringJoiner(", ");
        for (int r = 0; r < rows.size(); r++) {
            StringJoiner row = new StringJoiner(", ", "(", ")");
            for (int c = 0; c < columns.size(); c++) {
                row.add("CAST(:" + parameter(r, c) + " AS " + columns.get(c).type() + ")");
            }
            sql.add(row.toString());
        }
        return sql.toString();
    }

    public StatementSpec bind(StatementSpec statement) {
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                statement = statement.param(parameter(r, c), rows.get(r)[c], columns.get(c).jdbcType());
            }
        }
        return statement;
    }

    private String parameter(int row, int column) {
        return prefix + row + "_" + column;
    }
}
