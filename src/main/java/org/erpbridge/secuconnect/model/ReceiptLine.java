package org.erpbridge.secuconnect.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One receipt line: {@code separator} (caption), {@code textline} (text), {@code name-value} (name, value) or
 * {@code space} (no value). Decorations: important, align-left, align-center, align-right.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReceiptLine(String type, Value value) {

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Value(String caption, String text, String name, String value, List<String> decoration) {}
}
