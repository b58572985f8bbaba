package org.erpbridge.checkout;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.erpbridge.checkout.InFlightBound.Verdict.ADMITTED;
import static org.erpbridge.checkout.InFlightBound.Verdict.MERCHANT_SHARE;
import static org.erpbridge.checkout.InFlightBound.Verdict.REPLICA_FULL;
import static org.erpbridge.checkout.InFlightBound.Verdict.UNAUTHENTICATED_FULL;

/** The admission rule on its own: bound, fair share, the pool without a key, pressure. */
class InFlightBoundTest {

    @Test
    void theOnlyConfiguredMerchantMayTakeTheWholeBound() {
        InFlightBound bound = new InFlightBound(4, 1, 1, 0.5);
        admit(bound, "a", 4);
        assertThat(bound.admit("a")).isEqualTo(REPLICA_FULL);
        bound.release("a");
        assertThat(bound.admit("a")).isEqualTo(ADMITTED);
    }

    @Test
    void aBusyMerchantLeavesRoomForTheNextOne() {
        InFlightBound bound = new InFlightBound(12, 3, 1, 0.5);
        admit(bound, "a", 6); // alone: 12 / min(3, 1 + 1)
        assertThat(bound.admit("a")).isEqualTo(MERCHANT_SHARE);
        admit(bound, "b", 4); // two in flight: 12 / min(3, 2 + 1) = 4
        assertThat(bound.admit("b")).isEqualTo(MERCHANT_SHARE);
        admit(bound, "c", 2); // the bound is full before c reaches its share of 4
        assertThat(bound.admit("c")).isEqualTo(REPLICA_FULL);
        // a, above its share of 4 now, gets nothing until it is below it; the room it frees goes to the others
        bound.release("a");
        assertThat(bound.admit("a")).isEqualTo(MERCHANT_SHARE);
        assertThat(bound.admit("c")).isEqualTo(ADMITTED);
        bound.release("a");
        bound.release("a");
        assertThat(bound.admit("a")).isEqualTo(ADMITTED);
        assertThat(bound.inFlight("a")).isEqualTo(4);
        assertThat(bound.inFlight()).isEqualTo(11);
    }

    @Test
    void aMerchantWithNothingInFlightIsNotCounted() {
        InFlightBound bound = new InFlightBound(6, 2, 1, 0.5);
        admit(bound, "a", 3);
        bound.admit("b");
        bound.release("b");
        assertThat(bound.inFlight("b")).isZero();
        assertThat(bound.admit("a")).isEqualTo(MERCHANT_SHARE); // 6 / min(2, 1 + 1)
        bound.release("nobody");
        assertThat(bound.inFlight()).isEqualTo(3);
    }

    @Test
    void requestsWithoutTheKeyHaveAPoolOfTheirOwn() {
        InFlightBound bound = new InFlightBound(2, 2, 2, 0.5);
        admit(bound, null, 2);
        assertThat(bound.admit(null)).isEqualTo(UNAUTHENTICATED_FULL);
        admit(bound, "a", 1);
        admit(bound, "b", 1);
        assertThat(bound.admit(null)).isEqualTo(UNAUTHENTICATED_FULL);
        assertThat(bound.inFlight()).isEqualTo(2);
        bound.release(null);
        assertThat(bound.admit(null)).isEqualTo(ADMITTED);
        assertThat(bound.inFlight(null)).isEqualTo(2);
    }

    @Test
    void underPressureAboveTheRatioOfTheBound() {
        InFlightBound bound = new InFlightBound(8, 1, 4, 0.5);
        admit(bound, "a", 4);
        admit(bound, null, 4);
        assertThat(bound.underPressure()).isFalse();
        admit(bound, "a", 1);
        assertThat(bound.underPressure()).isTrue();
    }

    private static void admit(InFlightBound bound, String merchant, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(bound.admit(merchant))
                    .as("request %d of %s", i + 1, merchant)
                    .isEqualTo(ADMITTED);
        }
    }
}
