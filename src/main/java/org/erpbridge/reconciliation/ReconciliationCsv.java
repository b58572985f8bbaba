package org.erpbridge.reconciliation;

import java.util.Currency;
import java.util.List;
import java.util.function.Function;

import org.erpbridge.reconciliation.ReconciliationReport.Item;

/**
 * The report's items as RFC 4180 CSV: CRLF line ends, a header row, fixed column order, fields with comma, quote,
 * CR or LF quoted (quotes doubled). Amounts appear twice: in minor units and as a decimal in the currency's usual
 * precision. Text cells that a spreadsheet would run as a formula get a leading {@code '}: those starting with
 * {@code = + - @} (also their full-width forms), or with a separator some spreadsheet locale splits on before it
 * looks for a formula ({@code ;} in German Excel, {@code ,}, TAB, vertical tab, form feed, CR, LF). The numeric cells
 * are written by the bridge itself and stay numbers.
 */
public final class ReconciliationCsv {
    public static final String MEDIA_TYPE = "text/csv";

    private record Column(String name, boolean text, Function<Row, String> value) {}

    private record Row(Item item, Currency currency) {
        Currency secuconnectCurrency() {
            try {
                return item.secuconnectCurrency() == null ? currency : Currency.getInstance(item.secuconnectCurrency());
            } catch (IllegalArgumentException e) {
                return currency;
            }
        }
    }

    private static final List<Column> COLUMNS = List.of(
            text("orderId", r -> r.item().orderId()),
            text("status", r -> r.item().status()),
            text("reconciliation", r -> r.item().reconciliation()),
            text("reason", r -> r.item().reason()),
            text("differences", r -> String.join(" ", r.item().differences())),
            text("currency", r -> r.item().currency()),
            number("erpTotalMinor", r -> string(r.item().erpTotal())),
            number("erpTotal", r -> Amounts.decimal(r.item().erpTotal(), r.currency())),
            number("secuconnectTotalMinor", r -> string(r.item().secuconnectTotal())),
            number("secuconnectTotal", r -> Amounts.decimal(r.item().secuconnectTotal(), r.secuconnectCurrency())),
            text("secuconnectCurrency", r -> r.item().secuconnectCurrency()),
            text("secuconnectStatus", r -> r.item().secuconnectStatus()),
            text("smartTransactionId", r -> r.item().smartTransactionId()),
            text("loyaltyTransactionId", r -> r.item().loyaltyTransactionId()),
            text("transId", r -> r.item().transId()),
            text("paidAt", r -> r.item().paidAt()),
            text("completedAt", r -> r.item().completedAt()),
            text("secuconnectCreated", r -> r.item().secuconnectCreated()));

    private ReconciliationCsv() {}

    public static List<String> header() {
        return COLUMNS.stream().map(Column::name).toList();
    }

    public static String write(ReconciliationReport report) {
        Currency currency = Currency.getInstance(report.currency());
        StringBuilder csv = new StringBuilder();
        appendRecord(csv, header());
        for (Item item : report.items()) {
            Row row = new Row(item, currency);
            appendRecord(csv, COLUMNS.stream().map(c -> cell(c, row)).toList());
        }
        return csv.toString();
    }

    /** {@code reconciliation-<merchant>-<from>_<to>.csv}; merchant keys are config keys, still reduced to safe characters. */
    public static String filename(ReconciliationReport report) {
        return "reconciliation-" + report.merchant().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + report.from() + "_"
                + report.to() + ".csv";
    }

    private static String cell(Column column, Row row) {
        String value = column.value().apply(row);
        if (value == null) {
            return "";
        }
        return column.text() ? defused(value) : value;
    }

    /** Characters that make a spreadsheet read a cell as a formula, or split it first, when they lead the cell. */
    private static final String FORMULA_LEADS = "=+-@\uFF1D\uFF0B\uFF0D\uFF20;,\t\u000B\u000C\r\n";

    static String defused(String value) {
        if (!value.isEmpty() && FORMULA_LEADS.indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }

    private static void appendRecord(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(quoted(fields.get(i)));
        }
        csv.append("\r\n");
    }

    static String quoted(String field) {
        boolean needsQuotes = field.indexOf(',') >= 0
                || field.indexOf('"') >= 0
                || field.indexOf('\r') >= 0
                || field.indexOf('\n') >= 0;
        return needsQuotes ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }

    private static Column text(String name, Function<Row, String> value) {
        return new Column(name, true, value);
    }

    private static Column number(String name, Function<Row, String> value) {
        return new Column(name, false, value);
    }

    private static String string(Long value) {
        return value == null ? null : value.toString();
    }
}
