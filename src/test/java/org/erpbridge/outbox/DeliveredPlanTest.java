package org.erpbridge.outbox;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.erpbridge.testing.Database;
import org.erpbridge.testing.Plans;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recording a batch of delivered callbacks finds its rows by primary key, whatever the statistics say. With a
 * {@code status = 'pending'} test in it, and statistics that saw few pending rows, the planner took the due index and
 * filtered the whole pending backlog by id: about 700 buffer hits per batch of 20 in the bench.
 */
@QuarkusTest
class DeliveredPlanTest {

    @BeforeEach
    void deliveredEventsOnlyThenAnalyze() {
        Database.truncateAll();
        Database.execute("insert into outbox_event (id, merchant, type, payload, occurred_at, status, attempts, "
                + "next_attempt_at, delivered_at) select gen_random_uuid(), 'acme', 'cash-payment.completed', '{}', "
                + "now(), 'delivered', 1, now(), now() from generate_series(1, 5000)");
        Database.execute("analyze outbox_event");
    }

    @Test
    void aBatchOfTwentyIsFoundByPrimaryKey() throws SQLException {
        List<String> literals = new ArrayList<>(List.of("now()", "204", "now()"));
        for (int i = 0; i < 20; i++) {
            literals.add("'" + UUID.randomUUID() + "'");
        }
        literals.add("'worker-1'");
        assertThat(Plans.accessPaths(OutboxStore.delivered(20), literals.toArray(String[]::new)))
                .containsExactly("outbox_event_pkey");
    }

    @Test
    void theBacklogGaugeReadsNoDeliveredEvent() throws SQLException {
        // 5,000 delivered events fill some 30 index pages; the pending and dead ranges of an index need a handful
        assertThat(Plans.buffersRead("select count(*) from " + OutboxStore.UNDELIVERED, "'acme'"))
                .isLessThanOrEqualTo(10);
    }
}
