package org.erpbridge.cards;

import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;

import org.erpbridge.carddata.CardVault;
import org.erpbridge.common.JdbcTransactions;
import org.erpbridge.secuconnect.model.MerchantCard;
import org.erpbridge.testing.Database;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.erpbridge.cards.CardTestSupport.ACME;

/**
 * A payment's card balances are written in the payment's own transaction, the plain JDBC one of the payment path:
 * with it they commit or roll back, and without any transaction nothing is written at all.
 */
@QuarkusTest
class PaymentCardBalancesTest {
    private static final String NUMBER = "9276004400000042";

    @Inject
    PaymentCardBalances balances;

    @Inject
    JdbcTransactions transactions;

    @Inject
    CardVault vault;

    @BeforeEach
    void reset() {
        CardTestSupport.reset();
        Database.execute(
                "insert into card_balance (id, merchant, card_hash, card_masked, balance, cash_balance, "
                        + "bonus_balance, points, present, synced_at, changed_at) values (1, 'acme', '"
                        + vault.lookupHash(NUMBER) + "', '************0042', 0, 0, 0, 0, true, "
                        + "timestamp with time zone '2026-01-01 00:00:00+00', timestamp with time zone '2026-01-01 00:00:00+00')");
    }

    @Test
    void aChangedCardIsWrittenWithThePaymentsPlainTransaction() {
        PaymentCardBalances.Outcome outcome =
                transactions.inTransaction("payment", c -> balances.observed(ACME, card(500), Instant.now()));

        assertThat(outcome).isEqualTo(PaymentCardBalances.Outcome.CHANGED);
        assertThat(Database.count("select balance from card_balance where id = 1"))
                .isEqualTo(500);
        assertThat(Database.count("select count(*) from card_balance_history where card_id = 1 and source = 'payment'"))
                .isEqualTo(1);
        assertThat(CardTestSupport.balanceEvents()).hasSize(1);
    }

    @Test
    void aRolledBackPaymentLeavesTheCardAsItWas() {
        assertThatThrownBy(() -> transactions.inTransaction("payment", c -> {
                    balances.observed(ACME, card(500), Instant.now());
                    throw new IllegalStateException("the payment's commit failed");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(Database.count("select balance from card_balance where id = 1"))
                .isZero();
        assertThat(Database.count("select count(*) from card_balance_history")).isZero();
        assertThat(CardTestSupport.balanceEvents()).isEmpty();
    }

    @Test
    void outsideATransactionNothingIsWritten() {
        assertThatThrownBy(() -> balances.observed(ACME, card(500), Instant.now()))
                .isInstanceOf(TransactionalException.class);

        assertThat(Database.count("select balance from card_balance where id = 1"))
                .isZero();
        assertThat(Database.count("select count(*) from card_balance_history")).isZero();
        assertThat(CardTestSupport.balanceEvents()).isEmpty();
    }

    private static MerchantCard card(long balance) {
        return CardTestSupport.merchantCard(
                new CardStubs.TestCard(
                        NUMBER,
                        "MCD_42",
                        balance,
                        0,
                        0,
                        null,
                        null,
                        Instant.now().toString()),
                balance,
                0);
    }
}
