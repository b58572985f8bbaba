package org.erpbridge.cards;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.erpbridge.merchant.InvalidMerchantConfigException;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.erpbridge.cards.CardTestSupport.ACME;
import static org.erpbridge.cards.CardTestSupport.PAGE_SIZE;
import static org.erpbridge.testing.Database.rows;

/** The per-merchant cron trigger in the clustered Quartz store, fired in this JVM. */
@QuarkusTest
class CardSyncScheduleTest {
    private static final JobKey JOB = JobKey.jobKey(ACME, CardSyncSchedule.GROUP);
    private static final TriggerKey TRIGGER = TriggerKey.triggerKey(ACME, CardSyncSchedule.GROUP);

    @Inject
    CardSyncSchedule schedule;

    @Inject
    Scheduler quartz;

    @Inject
    Merchants merchants;

    @BeforeEach
    void reset() {
        CardTestSupport.reset();
        CardStubs.stubPages(CardStubs.sevenCards(), PAGE_SIZE);
    }

    @Test
    void aMerchantsCronRunsTheSyncThroughTheClusteredJobStore() throws Exception {
        assertThat(quartz.checkExists(JOB))
                .as("acme's sync is off in the test configuration")
                .isFalse();
        try {
            schedule.apply(ACME, Optional.of("0/1 * * * * ?"));
            Trigger first = quartz.getTrigger(TRIGGER);
            schedule.apply(ACME, Optional.of("0/1 * * * * ?"));
            assertThat(quartz.getTrigger(TRIGGER).getStartTime())
                    .as("an unchanged schedule is kept, not replaced")
                    .isEqualTo(first.getStartTime());
            assertThat(quartz.getJobDetail(JOB).isConcurrentExecutionDisallowed())
                    .isTrue();
            assertThat(rows("select cron_expression from qrtz_cron_triggers where trigger_name = 'acme' "
                            + "and trigger_group = 'card-sync'"))
                    .extracting(r -> r.get("cron_expression"))
                    .containsExactly("0/1 * * * * ?");

            await().atMost(Duration.ofSeconds(15))
                    .until(() ->
                            rows("select * from card_sync_run where trigger_kind = 'schedule' and state = 'completed'")
                                            .size()
                                    >= 2);

            List<Map<String, Object>> runs = rows("select * from card_sync_run where trigger_kind = 'schedule' "
                    + "and state = 'completed' order by id");
            assertThat(runs)
                    .extracting(r -> r.get("scheduled_for"))
                    .doesNotHaveDuplicates()
                    .doesNotContainNull();
            assertThat(runs.get(0).get("cards_changed")).isEqualTo(7L);
            assertThat(runs.get(1).get("cards_changed")).isEqualTo(0L);

            schedule.apply(ACME, Optional.of("0 0 3 * * ?"));
            assertThat(((CronTrigger) quartz.getTrigger(TRIGGER)).getCronExpression())
                    .isEqualTo("0 0 3 * * ?");
        } finally {
            schedule.apply(ACME, Optional.empty());
        }
        assertThat(quartz.checkExists(JOB)).isFalse();
        assertThat(quartz.checkExists(TRIGGER)).isFalse();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> rows("select * from card_sync_run where state = 'running'")
                        .isEmpty());
    }

    @Test
    void aCronThatQuartzCannotReadStopsStartUpNamingTheKey() {
        Merchant acme = merchants.get(ACME);
        Merchant broken = new Merchant(
                acme.key(),
                acme.currency(),
                acme.secuconnect(),
                acme.erp(),
                new Merchant.CardSyncSettings(Optional.of("every 5 minutes"), 100));
        assertThatThrownBy(() -> CardSyncSchedule.validate(broken))
                .isInstanceOf(InvalidMerchantConfigException.class)
                .hasMessageContaining("bridge.merchants.acme.card-sync.cron: 'every 5 minutes' is not a Quartz cron");
    }
}
