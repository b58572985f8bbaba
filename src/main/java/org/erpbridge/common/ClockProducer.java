package org.erpbridge.common;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.quarkus.arc.DefaultBean;

/**
 * The application's clock (UTC). Application scoped so a test can replace it with
 * {@code QuarkusMock.installMockForType(shifted, Clock.class)} to move time.
 */
public class ClockProducer {

    @Produces
    @ApplicationScoped
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
