package org.erpbridge.secuconnect;

/** Where a merchant's {@link TokenBroker} gets a new token from. */
interface TokenSource {

    /**
     * A token other than {@code rejected} (the one secuconnect just refused, or null), fetching a new one from
     * secuconnect when no such token is at hand.
     */
    IssuedToken fetch(String rejected);
}
