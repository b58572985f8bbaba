package org.erpbridge.outbox;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of every callback: {@code { "id", "type", "merchant", "occurredAt", "data" }}. */
@RegisterForReflection
@JsonPropertyOrder({ "id", "type", "merchant", "occurredAt", "data" })
public record CallbackEnvelope(UUID id, String type, String merchant, String occurredAt, Object data) {
}
