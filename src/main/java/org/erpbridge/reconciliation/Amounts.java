package org.erpbridge.reconciliation;

import java.math.BigDecimal;
import java.util.Currency;

/** Minor units as a decimal string in the currency's usual precision: 796 EUR is {@code 7.96}, 796 JPY {@code 796}. */
public final class Amounts {
    private Amounts() {}

    public static String decimal(Long minor, Currency currency) {
        if (minor == null) {
            return null;
        }
        // currencies without a fraction (XXX: -1) are shown as whole units
        int digits = Math.max(0, currency.getDefaultFractionDigits());
        return BigDecimal.valueOf(minor, digits).toPlainString();
    }
}
