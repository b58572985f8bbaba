package org.erpbridge.reconciliation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import org.erpbridge.testing.Database;
import org.erpbridge.testing.PostgresTestDatabase;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.erpbridge.testing.SecuconnectStubs.ACME;
import static org.erpbridge.testing.SecuconnectStubs.STX_PATH;
import static org.erpbridge.testing.SecuconnectStubs.json;
import static org.erpbridge.testing.SecuconnectStubs.wm;

/**
 * secuconnect list stubs and local payment rows for the reconciliation and dashboard tests (acme at WireMock's root,
 * page size 3).
 */
public final class ReconciliationFixtures {
    public static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    public static final int PAGE = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReconciliationFixtures() {}

    /** A local time of the day in Berlin as the ISO offset form secuconnect uses. */
    public static String at(LocalDate day, String time) {
        return OffsetDateTime.of(
                        day.atTime(LocalTime.parse(time)),
                        BERLIN.getRules().getOffset(day.atTime(LocalTime.parse(time))))
                .toString();
    }

    public static Instant instant(LocalDate day, String time) {
        return day.atTime(LocalTime.parse(time)).atZone(BERLIN).toInstant();
    }

    /** A Smart Transaction as secuconnect lists it. */
    public record Stx(
            String id,
            String status,
            long sum,
            String currency,
            String created,
            String merchantRef,
            String transactionRef,
            String ltx) {
        public Stx withSum(long other) {
            return new Stx(id, status, other, currency, created, merchantRef, transactionRef, ltx);
        }

        public ObjectNode node() {
            ObjectNode n = JSON.createObjectNode();
            n.put("object", "smart.transactions");
            n.put("id", id);
            n.put("status", status);
            n.put("created", created);
            n.put("merchantRef", merchantRef);
            n.put("transactionRef", transactionRef);
            n.putObject("basket_info").put("sum", sum).put("currency", currency);
            ArrayNode tx = n.putArray("transactions");
            if (ltx != null) {
                tx.addObject().put("object", "loyalty.transactions").put("id", ltx);
            }
            n.put("trans_id", 29187330);
            n.put("payment_method", "cash");
            return n;
        }

        String json() {
            return node().toString();
        }
    }

    /**
     * Serves {@code all} as secuconnect's paged list for the day's widened created range, {@link #PAGE} per page,
     * only for exactly the expected query (count, offset, q, sort).
     */
    public static void stubList(String pathPrefix, LocalDate from, LocalDate to, List<Stx> all) {
        String q = "created:[" + from.minusDays(1) + "T00:00:00 TO " + to.plusDays(1) + "T23:59:59]";
        for (int offset = 0; offset == 0 || offset < all.size(); offset += PAGE) {
            ObjectNode page = JSON.createObjectNode();
            page.put("count", all.size());
            ArrayNode data = page.putArray("data");
            all.subList(Math.min(offset, all.size()), Math.min(offset + PAGE, all.size()))
                    .forEach(s -> data.add(s.node()));
            wm().stubFor(get(urlPathEqualTo(pathPrefix + STX_PATH))
                    .withQueryParam("count", equalTo(Integer.toString(PAGE)))
                    .withQueryParam("offset", equalTo(Integer.toString(offset)))
                    .withQueryParam("q", equalTo(q))
                    .withQueryParam("sort", equalTo("created:asc"))
                    .willReturn(json(200, page.toString())));
        }
    }

    public static void stubRead(Stx stx) {
        wm().stubFor(get(urlEqualTo(STX_PATH + "/" + stx.id())).willReturn(json(200, stx.json())));
    }

    /** A cash payment row as the checkout feature stores it (with its first attempt). */
    public static final class Payment {
        String merchant = ACME;
        String orderId;
        String state = "COMPLETED";
        long total;
        String currency = "EUR";
        String stxId;
        String stxStatus;
        String ltx;
        String transId;
        boolean card;
        Instant paidAt;
        Instant completedAt;
        String merchantRef;
        String lastProblem;

        public static Payment order(String orderId, long total, Instant paidAt) {
            Payment p = new Payment();
            p.orderId = orderId;
            p.total = total;
            p.paidAt = paidAt;
            p.merchantRef = "erpb-ref-" + orderId;
            return p;
        }

        public Payment merchant(String key) {
            merchant = key;
            return this;
        }

        public Payment state(String value) {
            state = value;
            return this;
        }

        public Payment booked(String id, String status, String loyaltyTransactionId) {
            stxId = id;
            stxStatus = status;
            ltx = loyaltyTransactionId;
            transId = "29187330";
            if ("COMPLETED".equals(state)) {
                completedAt = paidAt.plusSeconds(2);
            }
            return this;
        }

        public Payment withCard() {
            card = true;
            return this;
        }

        public Payment ref(String value) {
            merchantRef = value;
            return this;
        }

        public Payment problem(String value) {
            lastProblem = value;
            return this;
        }

        public void insert() {
            try (Connection c = PostgresTestDatabase.connect()) {
                long id;
                try (PreparedStatement s = c.prepareStatement(
                        "insert into cash_payment (merchant, order_id, state, version,"
                                + " attempt, merchant_ref, request_hash, request_json, currency, total, card_masked, paid_at,"
                                + " smart_transaction_id, stx_status, loyalty_transaction_id, trans_id, booked_sum, booked_currency,"
                                + " nothing_booked, last_problem, lease_until, created_at, attempt_started_at, state_changed_at,"
                                + " completed_at) values (?, ?, ?, 1, 1, ?, 'hash', '{}', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                                + " ?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    s.setString(1, merchant);
                    s.setString(2, orderId);
                    s.setString(3, state);
                    s.setString(4, merchantRef);
                    s.setString(5, currency);
                    s.setLong(6, total);
                    s.setString(7, card ? "************2845" : null);
                    s.setTimestamp(8, Timestamp.from(paidAt));
                    s.setString(9, stxId);
                    s.setString(10, stxStatus);
                    s.setString(11, ltx);
                    s.setString(12, transId);
                    if (stxId == null) {
                        s.setNull(13, java.sql.Types.BIGINT);
                    } else {
                        s.setLong(13, total);
                    }
                    s.setString(14, stxId == null ? null : currency);
                    s.setBoolean(15, stxId == null && "FAILED".equals(state));
                    s.setString(16, lastProblem);
                    s.setTimestamp(17, Timestamp.from(paidAt.plusSeconds(30)));
                    s.setTimestamp(18, Timestamp.from(paidAt));
                    s.setTimestamp(19, Timestamp.from(paidAt));
                    s.setTimestamp(20, Timestamp.from(paidAt.plusSeconds(2)));
                    s.setTimestamp(21, completedAt == null ? null : Timestamp.from(completedAt));
                    s.executeUpdate();
                    try (ResultSet keys = s.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                try (PreparedStatement s =
                        c.prepareStatement("insert into cash_payment_attempt (merchant, payment_id, attempt,"
                                + " merchant_ref, request_hash, smart_transaction_id, outcome, started_at, updated_at)"
                                + " values (?, ?, 1, ?, 'hash', ?, ?, ?, ?)")) {
                    s.setString(1, merchant);
                    s.setLong(2, id);
                    s.setString(3, merchantRef);
                    s.setString(4, stxId);
                    s.setString(5, state);
                    s.setTimestamp(6, Timestamp.from(paidAt));
                    s.setTimestamp(7, Timestamp.from(paidAt));
                    s.executeUpdate();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static long mismatchEvents() {
        return Database.count(
                "select count(*) from outbox_event where merchant = 'acme' and type = 'reconciliation.mismatch'");
    }
}
