package org.erpbridge.reconciliation;

import java.util.Currency;
import java.util.List;

import org.erpbridge.reconciliation.ReconciliationReport.Item;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** CSV details without the application: currencies, quoting, formula defusing, round trip through a strict reader. */
class ReconciliationCsvTest {

    private static Item item(String orderId, Long erp, Long secuconnect, String currency, String reason) {
        return new Item(
                orderId,
                erp,
                secuconnect,
                "completed",
                "mismatched",
                reason,
                "STX_1",
                null,
                null,
                null,
                currency,
                "ok",
                currency,
                List.of("amount"),
                "2026-11-23T08:18:14Z",
                "2026-11-23T09:18:15+01:00");
    }

    private static ReconciliationReport report(String currency, Item... items) {
        return new ReconciliationReport(
                "shop-1",
                "2026-11-23",
                "2026-11-23",
                "Asia/Tokyo",
                currency,
                new ReconciliationReport.Totals(0, 0, 0),
                new ReconciliationReport.Counts(0, items.length, 0, 0, 0, 0, 0),
                List.of(items));
    }

    @Test
    void amountsUseTheCurrencysFractionDigits() {
        assertThat(Amounts.decimal(796L, Currency.getInstance("EUR"))).isEqualTo("7.96");
        assertThat(Amounts.decimal(5L, Currency.getInstance("EUR"))).isEqualTo("0.05");
        assertThat(Amounts.decimal(796L, Currency.getInstance("JPY"))).isEqualTo("796");
        assertThat(Amounts.decimal(1234L, Currency.getInstance("BHD"))).isEqualTo("1.234");
        assertThat(Amounts.decimal(-150L, Currency.getInstance("EUR"))).isEqualTo("-1.50");
        assertThat(Amounts.decimal(null, Currency.getInstance("EUR"))).isNull();

        List<List<String>> rows =
                Rfc4180.parse(ReconciliationCsv.write(report("JPY", item("A-1", 796L, 790L, "JPY", "x"))));
        assertThat(rows.get(1).subList(6, 10)).containsExactly("796", "796", "790", "790");
    }

    @Test
    void fieldsWithSeparatorsQuotesAndLineBreaksRoundTrip() {
        String reason = "line one\r\nline two, with \"quotes\"\nand a bare LF";
        String csv = ReconciliationCsv.write(report("EUR", item("SO,1", 796L, null, "EUR", reason)));
        assertThat(csv)
                .startsWith("orderId,status,reconciliation,reason,")
                .contains("\"SO,1\"")
                .contains("\"line one\r\nline two, with \"\"quotes\"\"\nand a bare LF\"");
        List<List<String>> rows = Rfc4180.parse(csv);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).get(0)).isEqualTo("SO,1");
        assertThat(rows.get(1).get(3)).isEqualTo(reason);
        assertThat(rows.get(1).get(8)).isEmpty(); // no secuconnect amount: an empty cell, not "null"
        assertThat(ReconciliationCsv.filename(report("EUR")))
                .isEqualTo("reconciliation-shop-1-2026-11-23_2026-11-23.csv");
    }

    @Test
    void textCellsThatStartLikeFormulasAreDefused() {
        for (String start : List.of("=", "+", "-", "@", "\t", "\r")) {
            String value = start + "SUM(A1:A9)";
            assertThat(ReconciliationCsv.defused(value)).isEqualTo("'" + value);
        }
        assertThat(ReconciliationCsv.defused("SO-1")).isEqualTo("SO-1");
        assertThat(ReconciliationCsv.defused("")).isEmpty();
        assertThat(ReconciliationCsv.defused("SO;=1"))
                .as("only a leading character counts")
                .isEqualTo("SO;=1");
    }

    @Test
    void cellsStartingWithALocaleSeparatorOrAFullWidthFormulaSignAreDefused() {
        // German Excel splits on ';' before it looks for '=': ";=cmd|..." would run; likewise ',' elsewhere
        for (String start : List.of(";", ",", "\u000B", "\u000C", "\n", "\uFF1D", "\uFF0B", "\uFF0D", "\uFF20")) {
            String value = start + "=HYPERLINK(\"http://evil.example\")";
            assertThat(ReconciliationCsv.defused(value))
                    .as("U+%04X", (int) start.charAt(0))
                    .isEqualTo("'" + value);
        }

        List<List<String>> rows = Rfc4180.parse(
                ReconciliationCsv.write(report("EUR", item("@cmd|' /C calc'!A0", 100L, -5L, "EUR", "-2+3"))));
        assertThat(rows.get(1).get(0)).isEqualTo("'@cmd|' /C calc'!A0");
        assertThat(rows.get(1).get(3)).isEqualTo("'-2+3");
        // numbers are the bridge's own and stay numbers, negative ones too
        assertThat(rows.get(1).subList(8, 10)).containsExactly("-5", "-0.05");
    }
}
