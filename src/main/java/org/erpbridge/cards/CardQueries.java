package org.erpbridge.cards;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.carddata.CardVault;
import org.erpbridge.merchant.Merchants;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;

/** Reads of card balances for the ERP API, always scoped by merchant. */
@ApplicationScoped
class CardQueries {
    private final Merchants merchants;
    private final CardVault vault;

    CardQueries(Merchants merchants, CardVault vault) {
        this.merchants = merchants;
        this.vault = vault;
    }

    Optional<CardView> byNumber(String merchant, String cardNumber) {
        String currency = currency(merchant);
        String hash = vault.lookupHash(cardNumber);
        return QuarkusTransaction.joiningExisting()
                .call(() -> CardBalance.<CardBalance>find("cardHash = ?1 and merchant = ?2", hash, merchant)
                        .firstResultOptional()
                        .map(card -> CardView.of(card, currency)));
    }

    /** Cards changed at or after {@code since}, after {@code cursor}, in (changed_at, id) order. */
    CardPage changed(String merchant, Instant since, Optional<ChangeCursor> cursor, int limit) {
        String currency = currency(merchant);
        StringBuilder query = new StringBuilder("merchant = :merchant");
        Parameters params = Parameters.with("merchant", merchant);
        if (since != null) {
            query.append(" and changedAt >= :since");
            params = params.and("since", since);
        }
        if (cursor.isPresent()) {
            query.append(" and (changedAt > :at or (changedAt = :at and id > :id))");
            params = params.and("at", cursor.get().changedAt())
                    .and("id", cursor.get().id());
        }
        query.append(" order by changedAt, id");
        String hql = query.toString();
        Parameters bound = params;
        List<CardBalance> rows = QuarkusTransaction.joiningExisting()
                .call(() -> CardBalance.<CardBalance>find(hql, bound)
                        .page(0, limit + 1)
                        .list());
        boolean more = rows.size() > limit;
        List<CardBalance> page = more ? rows.subList(0, limit) : rows;
        String next = null;
        if (more) {
            CardBalance last = page.get(page.size() - 1);
            next = new ChangeCursor(last.changedAt, last.id).encode();
        }
        return new CardPage(
                page.stream().map(card -> CardView.of(card, currency)).toList(), next);
    }

    private String currency(String merchant) {
        return merchants.get(merchant).currency().getCurrencyCode();
    }
}
