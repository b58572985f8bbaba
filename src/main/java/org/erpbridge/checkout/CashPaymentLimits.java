package org.erpbridge.checkout;

import java.time.Duration;
import java.time.Instant;

/** The validation limits of a cash payment (documented for the ERP in the API description). */
final class CashPaymentLimits {
    static final int ORDER_ID_MAX = 64;
    static final String ORDER_ID_PATTERN = "[A-Za-z0-9._:-]{1," + ORDER_ID_MAX + "}";
    static final int MAX_LINES = 500;
    static final int DESCRIPTION_MAX = 255;
    static final int ARTICLE_NUMBER_MAX = 64;
    static final int REGISTER_MAX = 64;
    static final int CASHIER_MAX = 64;
    static final long QUANTITY_MIN = 1;
    static final long QUANTITY_MAX = 10_000;
    static final long UNIT_PRICE_MAX = 1_000_000_000L;
    static final int VAT_RATE_MAX = 100;
    /** secuconnect keeps amounts as 32-bit integers. */
    static final long TOTAL_MAX = Integer.MAX_VALUE;

    static final String CARD_PATTERN = "9276[0-9]{12}";
    static final String EAN_PATTERN = "[0-9]{8}|[0-9]{12,14}";
    static final Instant PAID_AT_EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** Register clocks run ahead; more than this in the future is refused. */
    static final Duration PAID_AT_FUTURE_TOLERANCE = Duration.ofHours(24);

    private CashPaymentLimits() {}
}
