package org.erpbridge.cards;

/**
 * Fired (synchronously, after the commit) each time a sync run has committed a page: {@code nextOffset} is where
 * the run continues. Lets observers follow progress, e.g. metrics or tests that stop a run between pages.
 */
public record CardSyncPageCommitted(String merchant, long runId, int page, int nextOffset, int cards, int changed) {}
