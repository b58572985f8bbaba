package org.erpbridge.ops;

import org.erpbridge.common.ApiProblem;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes the native image must keep reflectively accessible although Quarkus cannot see them used:
 * Jackson serialises them from inside a {@code Map<String, Object>} entity or a hand-written
 * {@code ObjectMapper} call, never as a declared REST parameter or return type (those Quarkus registers itself).
 * Without this, a native executable writes problem details without the field errors.
 */
@RegisterForReflection(targets = {ApiProblem.FieldError.class})
final class NativeReflection {
    private NativeReflection() {}
}
