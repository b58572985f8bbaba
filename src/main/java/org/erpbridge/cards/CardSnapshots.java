package org.erpbridge.cards;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.erpbridge.merchant.Merchants;
import org.erpbridge.outbox.EventOutbox;
import org.erpbridge.secuconnect.CardNumbers;
import org.erpbridge.secuconnect.model.MerchantCard;
import org.hibernate.Session;
import org.jboss.logging.Logger;

import io.quarkus.panache.common.Parameters;

/**
 * Writes what secuconnect says about cards into the snapshots: a history row and a {@code card.balance-changed}
 * event for every real change, in the caller's transaction, so a snapshot change and its event commit together
 * (and re-reading the same values changes nothing and emits nothing).
 */
@ApplicationScoped
public class CardSnapshots {
    static final String SOURCE_SYNC = "sync";
    static final String SOURCE_PAYMENT = "payment";
    private static final Logger LOG = Logger.getLogger(CardSnapshots.class);
    private static final int MAX_CARD_NUMBER = 32;
    private static final int JDBC_BATCH = 100;

    /** What applying a batch of cards did. */
    record Applied(int seen, int changed, int skipped) {
    }

    private final EntityManager em;
    private final EventOutbox outbox;
    private final Merchants merchants;
    private final Clock clock;
    private final PlannerStatistics statistics;

    CardSnapshots(EntityManager em, EventOutbox outbox, Merchants merchants, Clock clock, PlannerStatistics statistics) {
        this.em = em;
        this.statistics = statistics;
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
        Map<String, MerchantCard> byNumber = new LinkedHashMap<>();
        int skipped = 0;
        for (MerchantCard card : cards) {
            String number = card == null ? null : card.cardNumber();
            if (number == null || number.isBlank() || number.trim().length() > MAX_CARD_NUMBER) {
                skipped++;
                LOG.warnf("Merchant %s: secuconnect reported merchant card %s without a usable card number; skipped",
                        merchant, card == null ? null : card.id());
                continue;
            }
            byNumber.put(number.trim(), card); // a card listed twice in one page: the later entry wins
        }
        if (byNumber.isEmpty()) {
            return new Applied(0, 0, skipped);
        }
        em.unwrap(Session.class).setJdbcBatchSize(JDBC_BATCH);
        // read without locks: most cards are unchanged, and confirming them needs no lock (see confirm)
        Map<String, CardBalance> known = CardBalance.<CardBalance> find("merchant = ?1 and cardNumber in ?2", merchant,
                byNumber.keySet())
                .list().stream()
                .collect(Collectors.toMap(c -> c.cardNumber, Function.identity()));

        Instant observed = Timestamps.micros(observedAt);
        Instant now = Timestamps.micros(clock.instant());
        List<Long> unchanged = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        List<Map.Entry<String, MerchantCard>> unknown = new ArrayList<>();
        for (Map.Entry<String, MerchantCard> entry : byNumber.entrySet()) {
            CardBalance snapshot = known.get(entry.getKey());
            if (snapshot == null) {
                unknown.add(entry);
            } else if (snapshot.syncedAt.isAfter(observed) || matches(snapshot, entry.getValue())) {
                unchanged.add(snapshot.id);
            } else {
                // decide again under a row lock: a payment may be updating the same card right now
                em.refresh(snapshot, LockModeType.PESSIMISTIC_WRITE);
                update(snapshot, entry.getValue(), observed, now, runId).ifPresent(changes::add);
            }
        }
        confirm(unchanged, observed, runId);
        for (Map.Entry<String, MerchantCard> entry : unknown) {
            changes.add(create(merchant, entry.getKey(), entry.getValue(), observed, now, runId));
        }
        if (!unknown.isEmpty()) {
            statistics.inserted(unknown.size());
        }
        record(changes, source, runId, merchants.get(merchant).currency().getCurrencyCode(), now);
        return new Applied(byNumber.size(), changes.size(), skipped);
    }

    /** Whether secuconnect's card says exactly what the (present) snapshot already holds. */
    private static boolean matches(CardBalance snapshot, MerchantCard card) {
        return snapshot.present
                && !CardValues.of(card).differsFrom(CardValues.of(snapshot))
                && (card.id() == null || card.id().equals(snapshot.merchantCardId))
                && Objects.equals(Timestamps.micros(Timestamps.parse(card.lastUsage())), snapshot.lastUsage)
                && Objects.equals(Timestamps.micros(Timestamps.parse(card.lastCharge())), snapshot.lastCharge)
                && Objects.equals(card.expiryDate(), snapshot.expiryDate);
    }

    /**
     * Records that unchanged cards were seen (by the run) and confirmed at {@code observed}, in one statement. Safe
     * without locks: it never moves synced_at back and touches no value a concurrent payment could have written.
     */
    private void confirm(List<Long> ids, Instant observed, Long runId) {
        if (ids.isEmpty()) {
            return;
        }
        String confirmed = "syncedAt = case when syncedAt < :observed then :observed else syncedAt end";
        Parameters params = Parameters.with("observed", observed).and("ids", ids);
        if (runId != null) {
            CardBalance.update("seenInRun = :run, " + confirmed + " where id in :ids", params.and("run", runId));
        } else {
            CardBalance.update(confirmed + " where id in :ids", params);
        }
    }

    /** A snapshot change to record: values before (null for a new card) and after, and the presence flip. */
    private record Change(CardBalance snapshot, String kind, CardValues before, Boolean presentBefore,
            CardValues after) {
        boolean valuesChanged() {
            return before == null || after.differsFrom(before);
        }
    }

    private Change create(String merchant, String number, MerchantCard card, Instant observed, Instant now, Long runId) {
        CardBalance snapshot = new CardBalance();
        snapshot.merchant = merchant;
        snapshot.cardNumber = number;
        snapshot.present = true;
        snapshot.changedAt = now;
        copyDetails(snapshot, card, observed, runId);
        CardValues values = CardValues.of(card);
        snapshot.setValues(values);
        snapshot.persist();
        return new Change(snapshot, CardBalanceHistory.NEW, null, null, values);
    }

    private Optional<Change> update(CardBalance snapshot, MerchantCard card, Instant observed, Instant now, Long runId) {
        if (snapshot.syncedAt.isAfter(observed)) {
            // we already hold newer values (e.g. from a payment answered after this page was read)
            if (runId != null) {
                snapshot.seenInRun = runId;
            }
            return Optional.empty();
        }
        CardValues before = CardValues.of(snapshot);
        CardValues after = CardValues.of(card);
        boolean wasPresent = snapshot.present;
        copyDetails(snapshot, card, observed, runId);
        if (!after.differsFrom(before) && wasPresent) {
            return Optional.empty(); // only timestamps or ids moved: no change for the ERP
        }
        snapshot.setValues(after);
        snapshot.present = true;
        snapshot.changedAt = now;
        String kind = after.differsFrom(before) ? CardBalanceHistory.CHANGED : CardBalanceHistory.REAPPEARED;
        return Optional.of(new Change(snapshot, kind, before, wasPresent, after));
    }

    private static void copyDetails(CardBalance snapshot, MerchantCard card, Instant observed, Long runId) {
        if (card.id() != null) {
            snapshot.merchantCardId = card.id();
        }
        snapshot.lastUsage = Timestamps.micros(Timestamps.parse(card.lastUsage()));
        snapshot.lastCharge = Timestamps.micros(Timestamps.parse(card.lastCharge()));
        snapshot.expiryDate = card.expiryDate();
        snapshot.syncedAt = observed;
        if (runId != null) {
            snapshot.seenInRun = runId;
        }
    }

    /** Writes the events first, then the history rows naming them, so each kind of insert is sent as one batch. */
    private void record(List<Change> changes, String source, Long runId, String currency, Instant now) {
        Map<Change, UUID> events = new IdentityHashMap<>();
        for (Change change : changes) {
            if (change.valuesChanged()) {
                CardBalance snapshot = change.snapshot();
                events.put(change, outbox.publish(snapshot.merchant, EventOutbox.CARD_BALANCE_CHANGED,
                        new CardBalanceChanged(CardNumbers.mask(snapshot.cardNumber), snapshot.merchantCardId, currency,
                                change.before(), change.after(), source, runId, snapshot.lastUsage, snapshot.syncedAt)));
            }
        }
        for (Change change : changes) {
            CardBalance snapshot = change.snapshot();
            CardBalanceHistory history = history(snapshot, change.kind(), source, runId, now);
            history.setOld(change.before(), change.presentBefore());
            history.setNew(change.after(), true);
            history.eventId = events.get(change);
            history.persist();
            LOG.debugf("Merchant %s card %s %s (%s): %s -> %s", snapshot.merchant, CardNumbers.mask(snapshot.cardNumber),
                    change.kind(), source, change.before(), change.after());
        }
    }

    /** Marks a card that a completed sync no longer listed; it stays stored, flagged as not present. */
    @Transactional(Transactional.TxType.MANDATORY)
    void markMissing(CardBalance snapshot, long runId) {
        Instant now = Timestamps.micros(clock.instant());
        CardValues values = CardValues.of(snapshot);
        snapshot.present = false;
        snapshot.changedAt = now;
        CardBalanceHistory history = history(snapshot, CardBalanceHistory.MISSING, SOURCE_SYNC, runId, now);
        history.setOld(values, true);
        history.setNew(values, false);
        history.persist();
        LOG.debugf("Merchant %s card %s is no longer listed by secuconnect (run %d)", snapshot.merchant,
                CardNumbers.mask(snapshot.cardNumber), runId);
    }

    private static CardBalanceHistory history(CardBalance snapshot, String kind, String source, Long runId, Instant now) {
        CardBalanceHistory history = new CardBalanceHistory();
        history.merchant = snapshot.merchant;
        history.cardId = snapshot.id;
        history.changeKind = kind;
        history.source = source;
        history.runId = runId;
        history.changedAt = now;
        return history;
    }
}
