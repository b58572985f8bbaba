package org.erpbridge.secuconnect;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.inject.Qualifier;

/**
 * The {@link Secuconnect} of background work (reconciliation, card sync, dashboard): its calls use the merchant's
 * background breaker and background share of concurrent calls ({@link Lane#BACKGROUND}). The unqualified
 * {@link Secuconnect} is the payment path's.
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
public @interface Background {}
