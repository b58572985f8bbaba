package org.erpbridge.cards;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of changed cards; {@code nextCursor} is null on the last page. */
@RegisterForReflection
@Schema(name = "CardPage")
public record CardPage(
        List<CardView> items,

        @Schema(nullable = true, description = "Pass it as cursor for the next page; null on the last page")
        String nextCursor) {}
