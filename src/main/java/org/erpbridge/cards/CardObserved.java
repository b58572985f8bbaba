package org.erpbridge.cards;

import java.time.Instant;

import org.erpbridge.secuconnect.model.MerchantCard;

/**
 * Fired (synchronously, inside the caller's transaction) whenever secuconnect tells us a card's balances,
 * e.g. in the answer to start/cash, so the card balance row is fresh at once.
 */
public record CardObserved(String merchant, MerchantCard card, Instant observedAt) {}
