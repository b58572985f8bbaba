package org.erpbridge.cards;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.erpbridge.carddata.CardVault;
import org.erpbridge.cards.CardRows.BalanceRow;
import org.erpbridge.cards.CardRows.History;
import org.erpbridge.merchant.Merchants;
import org.erpbridge.outbox.EventOutbox;
import org.erpbridge.secuconnect.CardNumbers;
import org.erpbridge.secuconnect.model.MerchantCard;

import org.jboss.logging.Logger;

/**
 * Writes what secuconnect says about cards into the balances: a history row and a {@code card.balance-changed}
 * event for every real change, in the caller's transaction, so a row change and its event commit together
 * (and re-reading the same values changes nothing and emits nothing). The rows are read and written with a few
 * statements per batch of cards ({@link CardRows}), however many cards it has.
 */
@ApplicationScoped
public class CardBalances {
    static final String SOURCE_SYNC = "sync";
    static final String SOURCE_PAYMENT = "payment";
    private static final Logger LOG = Logger.getLogger(CardBalances.class);
    private static final int MAX_CARD_NUMBER = 32;

    /** What applying a batch of cards did; {@code created} counts the cards stored for the first time. */
    record Applied(int seen, int changed, int skipped, int created) {}

    private final CardRows rows;
    private final EventOutbox outbox;
    private final Merchants merchants;
    private final Clock clock;
    private final CardVault vault;

    CardBalances(CardRows rows, EventOutbox outbox, Merchants merchants, Clock clock, CardVault vault) {
        this.rows = rows;
        this.vault = vault;
        this.outbox = outbox;
        this.merchants = merchants;
        this.clock = clock;
    }

    /**
     * Applies cards reported by secuconnect at {@code observedAt} (for a page: when its request was sent). A
     * row already holding values observed later is left as it is, so a slow page never overwrites the balance
     * a payment has just reported. {@code runId} marks the cards as listed by that sync run.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    Applied apply(String merchant, List<MerchantCard> cards, Instant observedAt, String source, Long runId) {
        Map<String, Reported> byHash = new LinkedHashMap<>();
        int skipped = 0;
        for (MerchantCard card : cards) {
            String number = card == null ? null : card.cardNumber();
            if (number == null || number.isBlank() || number.trim().length() > MAX_CARD_NUMBER) {
                skipped++;
                LOG.warnf(
                        "Merchant %s: secuconnect reported merchant card %s without a usable card number; skipped",
                        merchant, card == null ? null : card.id());
                continue;
            }
            String trimmed = number.trim(); // a card listed twice in one page: the later entry wins
            byHash.put(vault.lookupHash(trimmed), Reported.of(trimmed, card));
        }
        if (byHash.isEmpty()) {
            return new Applied(0, 0, skipped, 0);
        }
        Instant observed = Timestamps.micros(observedAt);
        Instant now = Timestamps.micros(clock.instant());
        try (Connection c = rows.connection()) {
            // read without locks: most cards are unchanged, and confirming them needs no lock (see CardRows.confirm)
            Map<String, BalanceRow> known = rows.find(c, merchant, byHash.keySet());
            List<Long> unchanged = new ArrayList<>();
            Map<Long, Reported> differing = new LinkedHashMap<>();
            List<BalanceRow> created = new ArrayList<>();
            List<Change> changes = new ArrayList<>();
            for (Map.Entry<String, Reported> entry : byHash.entrySet()) {
                BalanceRow row = known.get(entry.getKey());
                Reported card = entry.getValue();
                if (row == null) {
                    // the number is encrypted once, when the card is first stored; it is never read on this path
                    BalanceRow fresh = new BalanceRow(
                            rows.newCardId(),
                            entry.getKey(),
                            CardNumbers.mask(card.number()),
                            vault.seal(card.number()),
                            card.id(),
                            card.values(),
                            card.lastUsage(),
                            card.lastCharge(),
                            card.expiryDate(),
                            true,
                            observed,
                            now,
                            runId);
                    created.add(fresh);
                    changes.add(new Change(fresh, CardBalanceHistory.NEW, null, null));
                } else if (row.syncedAt().isAfter(observed) || card.matches(row)) {
                    unchanged.add(row.id());
                } else {
                    differing.put(row.id(), card);
                }
            }
            rows.confirm(c, merchant, unchanged, observed, runId);
            rows.insert(c, merchant, created);
            if (!differing.isEmpty()) {
                // decide again under row locks: a payment may be updating the same cards right now
                List<BalanceRow> updated = new ArrayList<>();
                for (BalanceRow locked :
                        rows.lock(c, merchant, differing.keySet()).values()) {
                    updated.add(revise(locked, differing.get(locked.id()), observed, now, runId, changes));
                }
                rows.update(c, merchant, updated);
            }
            record(c, merchant, changes, source, runId, now);
            return new Applied(byHash.size(), changes.size(), skipped, created.size());
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "card balances of merchant " + merchant + " could not be stored: "
                            + CardNumbers.maskAll(String.valueOf(e.getMessage())),
                    e);
        }
    }

    /** A card as secuconnect reported it, its timestamps read once. */
    private record Reported(
            String number, String id, CardValues values, Instant lastUsage, Instant lastCharge, String expiryDate) {
        static Reported of(String number, MerchantCard card) {
            return new Reported(
                    number,
                    card.id(),
                    CardValues.of(card),
                    Timestamps.micros(Timestamps.parse(card.lastUsage())),
                    Timestamps.micros(Timestamps.parse(card.lastCharge())),
                    card.expiryDate());
        }

        /** Whether it says exactly what the (present) row already holds. */
        boolean matches(BalanceRow row) {
            return row.present()
                    && !values.differsFrom(row.values())
                    && (id == null || id.equals(row.merchantCardId()))
                    && Objects.equals(lastUsage, row.lastUsage())
                    && Objects.equals(lastCharge, row.lastCharge())
                    && Objects.equals(expiryDate, row.expiryDate());
        }
    }

    /** A row change to record: the row as written, the values before (null for a new card), the flip. */
    private record Change(BalanceRow after, String kind, CardValues before, Boolean presentBefore) {
        boolean valuesChanged() {
            return before == null || after.values().differsFrom(before);
        }
    }

    /**
     * The locked row as the report leaves it; adds the change to {@code changes} when there is one for the ERP
     * (not when only timestamps or ids moved, nor when the row holds values observed after the report).
     */
    private static BalanceRow revise(
            BalanceRow s, Reported card, Instant observed, Instant now, Long runId, List<Change> changes) {
        Long seenInRun = runId != null ? runId : s.seenInRun();
        if (s.syncedAt().isAfter(observed)) {
            // we already hold newer values (e.g. from a payment answered after this page was read)
            return new BalanceRow(
                    s.id(),
                    s.cardHash(),
                    s.cardMasked(),
                    null,
                    s.merchantCardId(),
                    s.values(),
                    s.lastUsage(),
                    s.lastCharge(),
                    s.expiryDate(),
                    s.present(),
                    s.syncedAt(),
                    s.changedAt(),
                    seenInRun);
        }
        boolean valuesChanged = card.values().differsFrom(s.values());
        boolean changed = valuesChanged || !s.present();
        BalanceRow after = new BalanceRow(
                s.id(),
                s.cardHash(),
                s.cardMasked(),
                null,
                card.id() != null ? card.id() : s.merchantCardId(),
                card.values(),
                card.lastUsage(),
                card.lastCharge(),
                card.expiryDate(),
                true,
                observed,
                changed ? now : s.changedAt(),
                seenInRun);
        if (changed) {
            changes.add(new Change(
                    after,
                    valuesChanged ? CardBalanceHistory.CHANGED : CardBalanceHistory.REAPPEARED,
                    s.values(),
                    s.present()));
        }
        return after;
    }

    /** Writes the events, then the history rows naming them. */
    private void record(Connection c, String merchant, List<Change> changes, String source, Long runId, Instant now)
            throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        String currency = merchants.get(merchant).currency().getCurrencyCode();
        List<CardBalanceChanged> events = new ArrayList<>();
        for (Change change : changes) {
            if (change.valuesChanged()) {
                BalanceRow row = change.after();
                events.add(new CardBalanceChanged(
                        row.cardMasked(),
                        row.merchantCardId(),
                        currency,
                        change.before(),
                        row.values(),
                        source,
                        runId,
                        row.lastUsage(),
                        row.syncedAt()));
            }
        }
        // one batch for the page's events: one insert each cost the sync a round trip per changed card
        Iterator<UUID> eventIds = outbox.publishAll(merchant, EventOutbox.CARD_BALANCE_CHANGED, events)
                .iterator();
        List<History> history = new ArrayList<>(changes.size());
        for (Change change : changes) {
            BalanceRow row = change.after();
            UUID eventId = change.valuesChanged() ? eventIds.next() : null;
            history.add(new History(
                    row.id(), change.kind(), change.before(), change.presentBefore(), row.values(), true, eventId));
            if (LOG.isDebugEnabled()) {
                LOG.debugf(
                        "Merchant %s card %s %s (%s): %s -> %s",
                        merchant, row.cardMasked(), change.kind(), source, change.before(), row.values());
            }
        }
        rows.insertHistory(c, merchant, source, runId, now, history);
    }

    /**
     * Flags up to {@code limit} present cards that run {@code runId} did not list and nobody reported since
     * {@code startedAt} as no longer present (they stay stored), each with a history row; returns how many.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    int markMissing(String merchant, long runId, Instant startedAt, int limit) {
        Instant now = Timestamps.micros(clock.instant());
        try (Connection c = rows.connection()) {
            List<BalanceRow> unseen = rows.lockUnseen(c, merchant, runId, startedAt, limit);
            rows.markAbsent(c, merchant, unseen.stream().map(BalanceRow::id).toList(), now);
            rows.insertHistory(
                    c,
                    merchant,
                    SOURCE_SYNC,
                    runId,
                    now,
                    unseen.stream()
                            .map(s -> new History(
                                    s.id(), CardBalanceHistory.MISSING, s.values(), true, s.values(), false, null))
                            .toList());
            if (LOG.isDebugEnabled()) {
                unseen.forEach(s -> LOG.debugf(
                        "Merchant %s card %s is no longer listed by secuconnect (run %d)",
                        merchant, s.cardMasked(), runId));
            }
            return unseen.size();
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "missing cards of merchant " + merchant + " could not be flagged: "
                            + CardNumbers.maskAll(String.valueOf(e.getMessage())),
                    e);
        }
    }
}
