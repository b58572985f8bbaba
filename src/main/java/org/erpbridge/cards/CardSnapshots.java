package org.erpbridge.cards;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.erpbridge.cards.CardRows.History;
import org.erpbridge.cards.CardRows.Snapshot;
import org.erpbridge.merchant.Merchants;
import org.erpbridge.outbox.EventOutbox;
import org.erpbridge.secuconnect.CardNumbers;
import org.erpbridge.secuconnect.model.MerchantCard;
import org.jboss.logging.Logger;

/**
 * Writes what secuconnect says about cards into the snapshots: a history row and a {@code card.balance-changed}
 * event for every real change, in the caller's transaction, so a snapshot change and its event commit together
 * (and re-reading the same values changes nothing and emits nothing). The rows are read and written with a few
 * statements per batch of cards ({@link CardRows}), however many cards it has.
 */
@ApplicationScoped
public class CardSnapshots {
    static final String SOURCE_SYNC = "sync";
    static final String SOURCE_PAYMENT = "payment";
    private static final Logger LOG = Logger.getLogger(CardSnapshots.class);
    private static final int MAX_CARD_NUMBER = 32;

    /** What applying a batch of cards did; {@code created} counts the cards stored for the first time. */
    record Applied(int seen, int changed, int skipped, int created) {
    }

    private final CardRows rows;
    private final EventOutbox outbox;
    private final Merchants merchants;
    private final Clock clock;

    CardSnapshots(CardRows rows, EventOutbox outbox, Merchants merchants, Clock clock) {
        this.rows = rows;
        this.outbox = outbox;
        this.merchants = merchants;
        this.clock = clock;
    }

    /**
     * Applies cards reported by secuconnect at {@code observedAt} (for a page: when its request was sent). A
     * snapshot already holding values observed later is left as it is, so a slow page never overwrites the balance
     * a payment has just reported. {@code runId} marks the cards as listed by that sync run.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    Applied apply(String merchant, List<MerchantCard> cards, Instant observedAt, String source, Long runId) {
        Map<String, Reported> byNumber = new LinkedHashMap<>();
        int skipped = 0;
        for (MerchantCard card : cards) {
            String number = card == null ? null : card.cardNumber();
            if (number == null || number.isBlank() || number.trim().length() > MAX_CARD_NUMBER) {
                skipped++;
                LOG.warnf("Merchant %s: secuconnect reported merchant card %s without a usable card number; skipped",
                        merchant, card == null ? null : card.id());
                continue;
            }
            byNumber.put(number.trim(), Reported.of(card)); // a card listed twice in one page: the later entry wins
        }
        if (byNumber.isEmpty()) {
            return new Applied(0, 0, skipped, 0);
        }
        Instant observed = Timestamps.micros(observedAt);
        Instant now = Timestamps.micros(clock.instant());
        try (Connection c = rows.connection()) {
            // read without locks: most cards are unchanged, and confirming them needs no lock (see CardRows.confirm)
            Map<String, Snapshot> known = rows.find(c, merchant, byNumber.keySet());
            List<Long> unchanged = new ArrayList<>();
            Map<Long, Reported> differing = new LinkedHashMap<>();
            List<Snapshot> created = new ArrayList<>();
            List<Change> changes = new ArrayList<>();
            for (Map.Entry<String, Reported> entry : byNumber.entrySet()) {
                Snapshot snapshot = known.get(entry.getKey());
                Reported card = entry.getValue();
                if (snapshot == null) {
                    Snapshot fresh = new Snapshot(rows.newCardId(), entry.getKey(), card.id(), card.values(),
                            card.lastUsage(), card.lastCharge(), card.expiryDate(), true, observed, now, runId);
                    created.add(fresh);
                    changes.add(new Change(fresh, CardBalanceHistory.NEW, null, null));
                } else if (snapshot.syncedAt().isAfter(observed) || card.matches(snapshot)) {
                    unchanged.add(snapshot.id());
                } else {
                    differing.put(snapshot.id(), card);
                }
            }
            rows.confirm(c, merchant, unchanged, observed, runId);
            rows.insert(c, merchant, created);
            if (!differing.isEmpty()) {
                // decide again under row locks: a payment may be updating the same cards right now
                List<Snapshot> updated = new ArrayList<>();
                for (Snapshot locked : rows.lock(c, merchant, differing.keySet()).values()) {
                    updated.add(revise(locked, differing.get(locked.id()), observed, now, runId, changes));
                }
                rows.update(c, merchant, updated);
            }
            record(c, merchant, changes, source, runId, now);
            return new Applied(byNumber.size(), changes.size(), skipped, created.size());
        } catch (SQLException e) {
            throw new IllegalStateException("card snapshots of merchant " + merchant + " could not be stored: "
                    + CardNumbers.maskAll(String.valueOf(e.getMessage())), e);
        }
    }

    /** A card as secuconnect reported it, its timestamps read once. */
    private record Reported(String id, CardValues values, Instant lastUsage, Instant lastCharge, String expiryDate) {
        static Reported of(MerchantCard card) {
            return new Reported(card.id(), CardValues.of(card), Timestamps.micros(Timestamps.parse(card.lastUsage())),
                    Timestamps.micros(Timestamps.parse(card.lastCharge())), card.expiryDate());
        }

        /** Whether it says exactly what the (present) snapshot already holds. */
        boolean matches(Snapshot snapshot) {
            return snapshot.present()
                    && !values.differsFrom(snapshot.values())
                    && (id == null || id.equals(snapshot.merchantCardId()))
                    && Objects.equals(lastUsage, snapshot.lastUsage())
                    && Objects.equals(lastCharge, snapshot.lastCharge())
                    && Objects.equals(expiryDate, snapshot.expiryDate());
        }
    }

    /** A snapshot change to record: the snapshot as written, the values before (null for a new card), the flip. */
    private record Change(Snapshot after, String kind, CardValues before, Boolean presentBefore) {
        boolean valuesChanged() {
            return before == null || after.values().differsFrom(before);
        }
    }

    /**
     * The locked snapshot as the report leaves it; adds the change to {@code changes} when there is one for the ERP
     * (not when only timestamps or ids moved, nor when the snapshot holds values observed after the report).
     */
    private static Snapshot revise(Snapshot s, Reported card, Instant observed, Instant now, Long runId,
            List<Change> changes) {
        Long seenInRun = runId != null ? runId : s.seenInRun();
        if (s.syncedAt().isAfter(observed)) {
            // we already hold newer values (e.g. from a payment answered after this page was read)
            return new Snapshot(s.id(), s.cardNumber(), s.merchantCardId(), s.values(), s.lastUsage(), s.lastCharge(),
                    s.expiryDate(), s.present(), s.syncedAt(), s.changedAt(), seenInRun);
        }
        boolean valuesChanged = card.values().differsFrom(s.values());
        boolean changed = valuesChanged || !s.present();
        Snapshot after = new Snapshot(s.id(), s.cardNumber(), card.id() != null ? card.id() : s.merchantCardId(),
                card.values(), card.lastUsage(), card.lastCharge(), card.expiryDate(), true, observed,
                changed ? now : s.changedAt(), seenInRun);
        if (changed) {
            changes.add(new Change(after, valuesChanged ? CardBalanceHistory.CHANGED : CardBalanceHistory.REAPPEARED,
                    s.values(), s.present()));
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
        List<History> history = new ArrayList<>(changes.size());
        for (Change change : changes) {
            Snapshot snapshot = change.after();
            String masked = CardNumbers.mask(snapshot.cardNumber());
            UUID eventId = null;
            if (change.valuesChanged()) {
                eventId = outbox.publish(merchant, EventOutbox.CARD_BALANCE_CHANGED, new CardBalanceChanged(masked,
                        snapshot.merchantCardId(), currency, change.before(), snapshot.values(), source, runId,
                        snapshot.lastUsage(), snapshot.syncedAt()));
            }
            history.add(new History(snapshot.id(), change.kind(), change.before(), change.presentBefore(),
                    snapshot.values(), true, eventId));
            if (LOG.isDebugEnabled()) {
                LOG.debugf("Merchant %s card %s %s (%s): %s -> %s", merchant, masked, change.kind(), source,
                        change.before(), snapshot.values());
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
            List<Snapshot> unseen = rows.lockUnseen(c, merchant, runId, startedAt, limit);
            rows.markAbsent(c, merchant, unseen.stream().map(Snapshot::id).toList(), now);
            rows.insertHistory(c, merchant, SOURCE_SYNC, runId, now, unseen.stream()
                    .map(s -> new History(s.id(), CardBalanceHistory.MISSING, s.values(), true, s.values(), false, null))
                    .toList());
            if (LOG.isDebugEnabled()) {
                unseen.forEach(s -> LOG.debugf("Merchant %s card %s is no longer listed by secuconnect (run %d)", merchant,
                        CardNumbers.mask(s.cardNumber()), runId));
            }
            return unseen.size();
        } catch (SQLException e) {
            throw new IllegalStateException("missing cards of merchant " + merchant + " could not be flagged: "
                    + CardNumbers.maskAll(String.valueOf(e.getMessage())), e);
        }
    }

}
