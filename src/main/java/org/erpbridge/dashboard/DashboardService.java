package org.erpbridge.dashboard;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.merchant.Merchant;
import org.erpbridge.outbox.OutboxBacklog;
import org.erpbridge.outbox.OutboxDelivery;
import org.erpbridge.reconciliation.Amounts;
import org.erpbridge.reconciliation.ReconciliationReport;
import org.erpbridge.reconciliation.ReconciliationService;
import org.erpbridge.reconciliation.ReportPeriod;
import org.erpbridge.reconciliation.RunDocument;

/**
 * Gathers one merchant's dashboard: today's reconciliation (asked of secuconnect live, shared and bounded by
 * {@link LiveReports}; what the bridge recorded when secuconnect cannot be asked), the open differences and latest runs of the daily job, the card sync, the outbox.
 */
@ApplicationScoped
class DashboardService {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final int OPEN_DIFFERENCE_DAYS = 7;
    static final int REFRESH_SECONDS = 60;

    private final ReconciliationService reconciliation;
    private final LiveReports liveReports;
    private final OutboxDelivery outbox;
    private final CardSyncPanel cardSync;
    private final Clock clock;

    DashboardService(
            ReconciliationService reconciliation,
            LiveReports liveReports,
            OutboxDelivery outbox,
            CardSyncPanel cardSync,
            Clock clock) {
        this.reconciliation = reconciliation;
        this.liveReports = liveReports;
        this.outbox = outbox;
        this.cardSync = cardSync;
        this.clock = clock;
    }

    DashboardPage page(Merchant merchant, String viewer) {
        ZonedDateTime now = clock.instant().atZone(merchant.timeZone());
        LocalDate today = now.toLocalDate();
        ReportPeriod period = ReportPeriod.day(today, merchant.timeZone());
        Currency currency = merchant.currency();
        LiveReports.Live listed = liveReports.today(merchant, period);
        ReconciliationReport report = listed.report();
        boolean live = listed.live();
        String notice = listed.notice();

        Formats f = new Formats(merchant, currency);
        List<DashboardPage.PaymentRow> payments = report.items().stream()
                .map(i -> new DashboardPage.PaymentRow(
                        i.paidAt() != null ? f.time(i.paidAt()) : f.time(i.secuconnectCreated()),
                        i.orderId(),
                        i.erpTotal() == null ? null : f.amount(i.erpTotal()),
                        i.secuconnectTotal() == null ? null : f.amount(i.secuconnectTotal(), i.secuconnectCurrency()),
                        i.status(),
                        i.secuconnectStatus(),
                        i.reconciliation(),
                        i.reason(),
                        i.smartTransactionId()))
                .toList();
        List<DashboardPage.DifferenceRow> mismatches = report.items().stream()
                .filter(i -> "mismatched".equals(i.reconciliation()) || "orphaned".equals(i.reconciliation()))
                .map(i -> new DashboardPage.DifferenceRow(
                        i.orderId() != null ? "order:" + i.orderId() : "stx:" + i.smartTransactionId(),
                        today.toString(),
                        i.orderId(),
                        i.smartTransactionId(),
                        i.reconciliation(),
                        String.join(", ", i.differences()),
                        i.reason()))
                .toList();
        List<DashboardPage.DifferenceRow> open =
                reconciliation.openDifferences(merchant.key(), today.minusDays(OPEN_DIFFERENCE_DAYS), 50).stream()
                        .map(d -> new DashboardPage.DifferenceRow(
                                d.key(),
                                d.date(),
                                d.orderId(),
                                d.smartTransactionId(),
                                d.reconciliation(),
                                String.join(", ", d.differences()),
                                d.reason()))
                        .toList();
        List<DashboardPage.RunRow> runs = reconciliation.recentRuns(merchant.key(), 7).stream()
                .map(r -> run(r, f))
                .toList();

        OutboxBacklog backlog = outbox.backlog(merchant.key());
        ReconciliationReport.Counts c = report.counts();
        return new DashboardPage(
                merchant.key(),
                today.toString(),
                merchant.timeZone().getId(),
                now.format(DATE_TIME),
                viewer,
                currency.getCurrencyCode(),
                live,
                notice,
                f.amount(report.totals().erp()),
                f.amount(report.totals().secuconnect()),
                f.amount(report.totals().difference()),
                new DashboardPage.Counts(
                        c.matched(),
                        c.mismatched(),
                        c.pending(),
                        c.failed(),
                        c.cancelled(),
                        c.orphaned(),
                        c.statusDisagreement()),
                payments,
                mismatches,
                open,
                runs,
                cardSync.latest(merchant.key(), f::dateTime),
                new DashboardPage.Outbox(
                        backlog.pending(),
                        backlog.dead(),
                        backlog.oldestPendingAt().map(f::dateTime).orElse(null)),
                chart(report, merchant, f),
                REFRESH_SECONDS);
    }

    private static DashboardPage.RunRow run(RunDocument r, Formats f) {
        return new DashboardPage.RunRow(
                r.date(),
                r.state(),
                r.trigger(),
                r.runs(),
                f.amount(r.totals().erp()),
                f.amount(r.totals().secuconnect()),
                f.amount(r.totals().difference()),
                r.counts().matched(),
                r.counts().mismatched(),
                r.counts().orphaned(),
                r.lastRunAt() == null ? null : f.dateTime(Instant.parse(r.lastRunAt())),
                r.error());
    }

    /** Payments per hour of the merchant's day, by the time the ERP reports the sale (orders only, not orphans). */
    private static HourlyChart.Chart chart(ReconciliationReport report, Merchant merchant, Formats f) {
        int[] counts = new int[24];
        long[] totals = new long[24];
        for (ReconciliationReport.Item item : report.items()) {
            if (item.paidAt() == null || item.erpTotal() == null) {
                continue;
            }
            int hour = Instant.parse(item.paidAt()).atZone(merchant.timeZone()).getHour();
            counts[hour]++;
            totals[hour] = Math.addExact(totals[hour], item.erpTotal());
        }
        return HourlyChart.of(counts, totals, minor -> f.amount(minor).text());
    }

    /** Times in the merchant's zone, amounts in its currency. */
    private record Formats(Merchant merchant, Currency currency) {
        DashboardPage.Amount amount(long minor) {
            return new DashboardPage.Amount(minor, Amounts.decimal(minor, currency) + " " + currency.getCurrencyCode());
        }

        DashboardPage.Amount amount(long minor, String code) {
            Currency other;
            try {
                other = code == null ? currency : Currency.getInstance(code);
            } catch (IllegalArgumentException e) {
                other = currency;
            }
            return new DashboardPage.Amount(minor, Amounts.decimal(minor, other) + " " + other.getCurrencyCode());
        }

        String time(String isoInstantOrOffset) {
            if (isoInstantOrOffset == null) {
                return "";
            }
            try {
                return java.time.OffsetDateTime.parse(isoInstantOrOffset)
                        .atZoneSameInstant(merchant.timeZone())
                        .format(TIME);
            } catch (java.time.format.DateTimeParseException e) {
                return isoInstantOrOffset;
            }
        }

        String dateTime(Instant instant) {
            return instant == null ? null : instant.atZone(merchant.timeZone()).format(DATE_TIME);
        }
    }
}
