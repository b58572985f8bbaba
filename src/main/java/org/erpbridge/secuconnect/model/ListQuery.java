package org.erpbridge.secuconnect.model;

/** Parameters of every secuconnect list call; null parameters are not sent. */
public record ListQuery(Integer count, Integer offset, String fields, String q, String sort) {
    public static ListQuery of(String q) {
        return new ListQuery(null, null, null, q, null);
    }

    public ListQuery page(int count, int offset) {
        return new ListQuery(count, offset, fields, q, sort);
    }
}
