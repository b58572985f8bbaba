package org.erpbridge.cards;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.erpbridge.cards.CardStubs.TestCard;
import org.erpbridge.testing.PrometheusScrape;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.cards.CardStubs.page;
import static org.erpbridge.cards.CardStubs.pageBody;
import static org.erpbridge.cards.CardTestSupport.ACME;
import static org.erpbridge.cards.CardTestSupport.PAGE_SIZE;
import static org.erpbridge.testing.SecuconnectStubs.wm;

/** A card sync run shows up in /q/metrics with its merchant: duration by outcome, cards seen and changed. */
@QuarkusTest
class CardSyncMetricsTest {
    @Inject
    CardSync sync;

    @BeforeEach
    void reset() {
        CardTestSupport.reset();
    }

    @Test
    void aCompletedRunIsTimedAndItsCardsCounted() {
        List<TestCard> cards = CardStubs.sevenCards();
        for (int offset = 0; offset < cards.size(); offset += PAGE_SIZE) {
            wm().stubFor(page(offset, PAGE_SIZE).willReturn(pageBody(cards, offset, PAGE_SIZE)));
        }
        PrometheusScrape before = PrometheusScrape.now();

        sync.runScheduled(ACME, Instant.now()).orElseThrow();
        sync.runScheduled(ACME, Instant.now()).orElseThrow(); // the same cards again: seen, not changed

        PrometheusScrape after = PrometheusScrape.now();
        assertThat(after.increaseSince(
                        before, "bridge_card_sync_seconds_count{merchant=\"acme\",outcome=\"completed\"}"))
                .isEqualTo(2.0);
        assertThat(after.increaseSince(before, "bridge_card_sync_seconds_sum{merchant=\"acme\",outcome=\"completed\"}"))
                .isPositive();
        assertThat(after.increaseSince(before, "card_sync_cards_seen_total{merchant=\"acme\"}"))
                .isEqualTo(14.0);
        assertThat(after.increaseSince(before, "card_sync_cards_changed_total{merchant=\"acme\"}"))
                .isEqualTo(7.0);
        assertThat(after.increaseSince(before, "card_sync_runs_total{merchant=\"acme\",outcome=\"completed\"}"))
                .isEqualTo(2.0);
    }
}
