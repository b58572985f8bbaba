package org.erpbridge.secuconnect.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A list answer: {@code count} is the total number of matches, {@code data} this page. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record Page<T>(
        Long count, List<T> data, @JsonProperty("scroll_id") String scrollId) {
    public List<T> items() {
        return data == null ? List.of() : data;
    }
}
