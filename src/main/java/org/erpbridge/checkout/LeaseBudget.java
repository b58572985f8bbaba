package org.erpbridge.checkout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;

import io.quarkus.runtime.Startup;

/**
 * Refuses to start when a worker's lease cannot hold the shortest call chain that books anything: a token fetch
 * and one call, each up to connect-timeout + read-timeout, plus the settle time kept free before the lease ends.
 * With less, every send would be refused by its {@link org.erpbridge.secuconnect.SendWindow} (nothing would be
 * booked), or a looser rule would let recovery take over while a call is still on its way.
 */
@Startup
@ApplicationScoped
class LeaseBudget {

    LeaseBudget(BridgeConfig config, Merchants merchants) {
        List<String> problems =
                problems(config.checkout().recoveryGrace(), config.checkout().settleTime(), merchants.all());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid checkout configuration: " + String.join("; ", problems));
        }
    }

    static List<String> problems(Duration lease, Duration settle, Iterable<Merchant> merchants) {
        List<String> problems = new ArrayList<>();
        for (Merchant m : merchants) {
            Duration exchange =
                    m.secuconnect().connectTimeout().plus(m.secuconnect().readTimeout());
            Duration needed = settle.plus(exchange.multipliedBy(2));
            if (lease.compareTo(needed) <= 0) {
                problems.add(
                        "bridge.checkout.recovery-grace (" + lease + ") must be longer than bridge.checkout.settle-time"
                                + " + 2 x (bridge.merchants." + m.key()
                                + ".secuconnect.connect-timeout + read-timeout) = " + needed
                                + ": a token fetch and one call must fit into a worker's lease");
            }
        }
        return problems;
    }
}
