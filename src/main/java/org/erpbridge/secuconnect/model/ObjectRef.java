package org.erpbridge.secuconnect.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A reference to another secuconnect object, e.g. {@code {"object":"loyalty.transactions","id":"LTX_..."}}. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record ObjectRef(String object, String id) {}
