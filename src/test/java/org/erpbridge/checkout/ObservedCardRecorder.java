package org.erpbridge.checkout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.erpbridge.cards.CardObserved;

/** Records the CardObserved events the checkout fires, for assertions. */
@ApplicationScoped
public class ObservedCardRecorder {
    private final List<CardObserved> seen = new CopyOnWriteArrayList<>();

    void on(@Observes CardObserved event) {
        seen.add(event);
    }

    List<CardObserved> seen() {
        return List.copyOf(seen);
    }

    void clear() {
        seen.clear();
    }
}
