package org.erpbridge.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How PostgreSQL reaches the rows of a statement: the indexes its plan scans, and {@code seq:<table>} for a table it
 * reads whole. Asked twice, as a custom plan for the given values and as the generic plan a server-prepared
 * statement falls back to, so a test sees both plans the payment path can run with.
 */
public final class Plans {
    private static final Pattern INDEX = Pattern.compile("\"Index Name\": \"([^\"]+)\"");
    private static final Pattern SEQ =
            Pattern.compile("\"Node Type\": \"Seq Scan\",[^}]*?\"Relation Name\": \"([^\"]+)\"", Pattern.DOTALL);

    /** The first counters of the JSON plan are the top node's, which include its children's. */
    private static final Pattern TOP_HITS = Pattern.compile("\"Shared Hit Blocks\": (\\d+)");

    private static final Pattern TOP_READS = Pattern.compile("\"Shared Read Blocks\": (\\d+)");

    private Plans() {}

    /** {@code sql} with {@code ?} placeholders, and SQL literals for them (e.g. {@code 'acme'}, {@code 42}). */
    public static Set<String> accessPaths(String sql, String... literals) throws SQLException {
        String numbered = numbered(sql);
        Set<String> paths = new TreeSet<>();
        try (Connection c = PostgresTestDatabase.connect();
                Statement s = c.createStatement()) {
            c.setAutoCommit(false); // EXPLAIN of an update plans it only; the rollback is belt and braces
            s.execute("prepare plan_probe as " + numbered);
            String execute = "explain (format json) execute plan_probe(" + String.join(", ", literals) + ")";
            for (String mode : new String[] {"force_custom_plan", "force_generic_plan"}) {
                s.execute("set local plan_cache_mode = " + mode);
                try (ResultSet rs = s.executeQuery(execute)) {
                    rs.next();
                    String plan = rs.getString(1);
                    collect(INDEX.matcher(plan), "", paths);
                    collect(SEQ.matcher(plan), "seq:", paths);
                }
            }
            c.rollback();
        }
        return paths;
    }

    /** Buffers (shared hits and reads) a select reads when run once with these values: the work, not the plan's shape. */
    public static long buffersRead(String select, String... literals) throws SQLException {
        try (Connection c = PostgresTestDatabase.connect();
                Statement s = c.createStatement()) {
            s.execute("prepare buffers_probe as " + numbered(select));
            try (ResultSet rs = s.executeQuery("explain (analyze, buffers, format json) execute buffers_probe("
                    + String.join(", ", literals) + ")")) {
                rs.next();
                Matcher hit = TOP_HITS.matcher(rs.getString(1));
                Matcher read = TOP_READS.matcher(rs.getString(1));
                return (hit.find() ? Long.parseLong(hit.group(1)) : 0)
                        + (read.find() ? Long.parseLong(read.group(1)) : 0);
            }
        }
    }

    private static void collect(Matcher m, String prefix, Set<String> into) {
        while (m.find()) {
            into.add(prefix + m.group(1));
        }
    }

    private static String numbered(String sql) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            if (ch == '?') {
                out.append('$').append(++n);
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
