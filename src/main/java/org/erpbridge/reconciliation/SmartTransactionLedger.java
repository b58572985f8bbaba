package org.erpbridge.reconciliation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.secuconnect.Background;
import org.erpbridge.secuconnect.Secuconnect;
import org.erpbridge.secuconnect.SecuconnectRejectedException;
import org.erpbridge.secuconnect.model.ListQuery;
import org.erpbridge.secuconnect.model.Page;
import org.erpbridge.secuconnect.model.SmartTransaction;

import org.jboss.logging.Logger;

/** secuconnect's side of a period: its Smart Transactions, listed page by page, or read one by one. */
@ApplicationScoped
class SmartTransactionLedger {
    private static final Logger LOG = Logger.getLogger(SmartTransactionLedger.class);
    /** Guards against a list that never ends (an offset secuconnect ignores, say). */
    static final int MAX_PAGES = 2000;

    private final Secuconnect secuconnect;
    private final int pageSize;

    SmartTransactionLedger(@Background Secuconnect secuconnect, BridgeConfig config) {
        this.secuconnect = secuconnect;
        this.pageSize = config.reconciliation().pageSize();
    }

    /**
     * Every Smart Transaction created in the period, each once (offset paging over data that changes can repeat a
     * row). Asks for a wider {@code created} range (see {@link ReportPeriod#createdQuery()}) and keeps those whose
     * {@code created} falls into the period; one without a readable {@code created} is kept rather than lost.
     */
    List<SmartTransaction> createdIn(String merchant, ReportPeriod period) {
        return createdIn(merchant, period, MAX_PAGES);
    }

    /** As above, reading at most {@code maxPages} pages; more throws {@link ListingTooLongException}. */
    List<SmartTransaction> createdIn(String merchant, ReportPeriod period, int maxPages) {
        ListQuery query = new ListQuery(pageSize, 0, null, period.createdQuery(), "created:asc");
        Map<String, SmartTransaction> byId = new LinkedHashMap<>();
        int offset = 0;
        for (int pages = 1; ; pages++) {
            Page<SmartTransaction> page = secuconnect.listSmartTransactions(merchant, query.page(pageSize, offset));
            List<SmartTransaction> items = page.items();
            items.stream()
                    .filter(stx -> stx != null && stx.id() != null && inPeriod(merchant, stx, period))
                    .forEach(stx -> byId.putIfAbsent(stx.id(), stx));
            offset += items.size();
            boolean last = items.size() < pageSize || (page.count() != null && offset >= page.count());
            if (last) {
                LOG.debugf(
                        "Reconciliation of merchant %s %s..%s: %d pages, %d Smart Transactions in the period",
                        merchant, period.from(), period.to(), pages, byId.size());
                return new ArrayList<>(byId.values());
            }
            if (pages >= maxPages) {
                throw new ListingTooLongException(
                        "secuconnect listed more than " + maxPages + " pages of Smart " + "Transactions for merchant "
                                + merchant + "; choose a shorter period",
                        maxPages);
            }
        }
    }

    /** Reads the given Smart Transactions; one secuconnect answers with 404 for is absent from the result. */
    Map<String, SmartTransaction> read(String merchant, Collection<String> ids) {
        Map<String, SmartTransaction> found = new LinkedHashMap<>();
        for (String id : ids) {
            find(merchant, id).ifPresent(stx -> found.put(id, stx));
        }
        return found;
    }

    private Optional<SmartTransaction> find(String merchant, String id) {
        try {
            return Optional.ofNullable(secuconnect.getSmartTransaction(merchant, id));
        } catch (SecuconnectRejectedException e) {
            if (e.httpStatus() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static boolean inPeriod(String merchant, SmartTransaction stx, ReportPeriod period) {
        Optional<Instant> created = created(stx);
        if (created.isEmpty()) {
            LOG.warnf(
                    "Smart Transaction %s of merchant %s has no readable created time (%s); it is reconciled with the "
                            + "period it was listed for",
                    stx.id(), merchant, stx.created());
            return true;
        }
        return period.contains(created.get());
    }

    static Optional<Instant> created(SmartTransaction stx) {
        if (stx.created() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(stx.created()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
