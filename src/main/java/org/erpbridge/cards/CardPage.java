package org.erpbridge.cards;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One page of changed cards; {@code nextCursor} is null on the last page. */
@RegisterForReflection
public record CardPage(List<CardView> items, String nextCursor) {
}
