package org.erpbridge.outbox;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of every callback: {@code { "id", "type", "merchant", "occurredAt", "data" }}. */
@RegisterForReflection
@JsonPropertyOrder({"id", "type", "merchant", "occurredAt", "data"})
@Schema(
        name = "Event",
        description = "The body of every callback",
        requiredProperties = {"id", "type", "merchant", "occurredAt", "data"})
public record CallbackEnvelope(
        @Schema(description = "The event's id: deliveries are at least once, deduplicate on it")
        UUID id,

        @Schema(examples = "cash-payment.completed") String type,

        @Schema(description = "The merchant's key", examples = "acme")
        String merchant,

        @Schema(
                format = "date-time",
                description = "When the change happened (not when it was sent)",
                examples = "2026-11-23T08:18:15.120Z")
        String occurredAt,

        @Schema(description = "What the event type says") Object data) {}
