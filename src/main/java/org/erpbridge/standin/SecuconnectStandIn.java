package org.erpbridge.standin;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * secuconnect's behaviour as the bridge uses it, kept apart from HTTP so the dev-mode sandbox and the stand-in
 * server share it: Smart Transactions in memory (create, start/cash, read, list, cancel), merchant cards derived
 * from their numbers ({@link StandInCards}), card validation. Cash sales are "booked" as a loyalty transaction with
 * a receipt laid out like secuconnect's; balances stay as derived. It also counts creates per merchantRef and
 * starts per transaction, so a harness can tell double bookings. Nothing here talks to secuconnect.
 */
public class SecuconnectStandIn {
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final Pattern QUERY = Pattern.compile("^\\s*([A-Za-z_.]+)\\s*:\\s*\"?([^\"]*)\"?\\s*$");
    private static final String TOKEN_PREFIX = "standin-";
    private static final int DEFAULT_PAGE = 100;

    private final ObjectMapper mapper;
    private final SecureRandom random = new SecureRandom();
    private final StandInCards cards;
    private final Map<String, ObjectNode> smartTransactions = new LinkedHashMap<>();
    private final Map<String, ObjectNode> loyaltyTransactions = new LinkedHashMap<>();
    private final Map<String, Integer> createsPerRef = new TreeMap<>();
    private final Map<String, Integer> startsPerStx = new TreeMap<>();

    /** {@code cardPool}: how many cards the merchant-card listing serves (any 9276 number is a card regardless). */
    public SecuconnectStandIn(ObjectMapper mapper, int cardPool) {
        this.mapper = mapper;
        this.cards = new StandInCards(mapper, cardPool);
    }

    public StandInCards cards() {
        return cards;
    }

    /** Whether an Authorization header carries a token this stand-in handed out. */
    public static boolean authorized(String authorization) {
        return authorization != null && authorization.startsWith("Bearer " + TOKEN_PREFIX);
    }

    public ObjectNode token() {
        ObjectNode token = mapper.createObjectNode();
        token.put("access_token", TOKEN_PREFIX + randomId(26).toLowerCase());
        token.put("expires_in", 1200);
        token.put("token_type", "bearer");
        token.put("scope", "https://scope.secucard.com/e/api");
        return token;
    }

    public synchronized ObjectNode create(JsonNode request) {
        if (request == null || !request.isObject()) {
            throw StandInError.invalid("request body must be a JSON object");
        }
        checkBasketSum(request);
        String now = now();
        ObjectNode stx = mapper.createObjectNode();
        stx.put("object", "smart.transactions");
        stx.put("id", "STX_" + randomId(30));
        stx.put("created", now);
        stx.put("updated", now);
        stx.put("status", "created");
        stx.set("merchantRef", request.get("merchantRef"));
        stx.set("transactionRef", request.get("transactionRef"));
        stx.set("intent", request.get("intent"));
        stx.set("basket", request.get("basket"));
        stx.set("basket_info", request.get("basket_info"));
        stx.set("idents", idents(request.get("idents")));
        stx.putArray("transactions");
        stx.put("is_demo", true);
        smartTransactions.put(stx.get("id").asText(), stx);
        createsPerRef.merge(stx.path("merchantRef").asText(), 1, Integer::sum);
        return stx.deepCopy();
    }

    public synchronized ObjectNode get(String id) {
        return smartTransaction(id).deepCopy();
    }

    public synchronized ObjectNode list(String q, Integer count, Integer offset) {
        return page(new ArrayList<>(smartTransactions.values()), matcher(q), count, offset);
    }

    public synchronized ObjectNode start(String id, String method) {
        ObjectNode stx = smartTransaction(id);
        if (!"cash".equals(method)) {
            throw new StandInError(
                    400,
                    "ProductNotAllowedException",
                    1000,
                    "the stand-in only records cash payments (start/cash), not " + method);
        }
        startsPerStx.merge(id, 1, Integer::sum);
        if ("ok".equals(stx.path("status").asText())) {
            return stx.deepCopy(); // a repeated start (after a lost answer) books nothing twice
        }
        if (!"created".equals(stx.path("status").asText())) {
            throw StandInError.invalid("Smart Transaction " + id + " is in status "
                    + stx.path("status").asText() + ", not created");
        }
        long sum = stx.path("basket_info").path("sum").asLong(0);
        String currency = stx.path("basket_info").path("currency").asText("EUR");
        String transId = String.valueOf(10_000_000 + random.nextInt(90_000_000));
        Optional<ObjectNode> card = firstMerchantCard(stx);
        ArrayNode receipt = card.map(c -> receipt(c, transId, sum, currency)).orElseGet(mapper::createArrayNode);
        ArrayNode transactions = stx.putArray("transactions");
        if (card.isPresent()) {
            ObjectNode ltx = loyaltyTransaction(card.get(), transId, sum, currency, receipt);
            loyaltyTransactions.put(ltx.get("id").asText(), ltx);
            transactions
                    .addObject()
                    .put("object", "loyalty.transactions")
                    .put("id", ltx.get("id").asText());
        }
        stx.put("status", "ok");
        stx.put("updated", now());
        stx.put("payment_method", "cash");
        stx.put("trans_id", transId);
        stx.set("receipt", receipt);
        return stx.deepCopy();
    }

    public synchronized ObjectNode cancel(String id) {
        ObjectNode stx = smartTransaction(id);
        stx.put("status", "cancelled");
        stx.put("updated", now());
        return stx.deepCopy();
    }

    public synchronized ObjectNode loyaltyTransaction(String id) {
        ObjectNode ltx = loyaltyTransactions.get(id);
        if (ltx == null) {
            throw StandInError.notFound(id);
        }
        return ltx.deepCopy();
    }

    public ObjectNode merchantCard(String id) {
        return cards.byId(id).orElseThrow(() -> StandInError.notFound(id));
    }

    /**
     * The card pool page by page; {@code q=card.cardnumber:...} finds any card, other queries filter the pool
     * (meant for the small pools of dev mode).
     */
    public ObjectNode merchantCards(String q, Integer count, Integer offset) {
        int from = offset == null ? 0 : offset;
        int size = count == null ? DEFAULT_PAGE : count;
        if (q == null || q.isBlank()) {
            return cards.page(from, size);
        }
        Matcher byNumber = QUERY.matcher(q);
        if (byNumber.matches() && byNumber.group(1).equals("card.cardnumber")) {
            List<ObjectNode> found =
                    cards.byNumber(byNumber.group(2)).map(List::of).orElse(List.of());
            return page(found, n -> true, size, from);
        }
        List<ObjectNode> pool = new ArrayList<>();
        cards.page(0, cards.pool()).path("data").forEach(c -> pool.add((ObjectNode) c));
        return page(pool, matcher(q), size, from);
    }

    public ObjectNode validate(String cardNumber) {
        ObjectNode result = mapper.createObjectNode();
        Optional<ObjectNode> card = cards.byNumber(cardNumber);
        result.put("isValid", card.isPresent());
        card.ifPresent(c -> {
            result.put("hasPasscode", c.path("passcode").asInt(0) != 0);
            result.put("isLocked", "locked".equals(c.path("lock_status").asText()));
        });
        return result;
    }

    private ObjectNode smartTransaction(String id) {
        ObjectNode stx = smartTransactions.get(id);
        if (stx == null) {
            throw StandInError.notFound(id);
        }
        return stx;
    }

    private void checkBasketSum(JsonNode request) {
        JsonNode products = request.path("basket").path("products");
        if (!products.isArray() || products.isEmpty()) {
            return;
        }
        long total = 0;
        for (JsonNode p : products) {
            total = Math.addExact(
                    total,
                    Math.multiplyExact(
                            p.path("priceOne").asLong(), p.path("quantity").asLong(1)));
        }
        long sum = request.path("basket_info").path("sum").asLong(Long.MIN_VALUE);
        if (sum != total) {
            throw StandInError.invalid("basket_info.sum (" + sum + ") does not match the basket total (" + total + ")");
        }
    }

    private ArrayNode idents(JsonNode requested) {
        ArrayNode idents = mapper.createArrayNode();
        if (requested == null || !requested.isArray()) {
            return idents;
        }
        int n = 0;
        for (JsonNode r : requested) {
            String number = r.path("value").asText();
            Optional<ObjectNode> card = cards.byNumber(number);
            if (card.isEmpty()) {
                throw new StandInError(400, "ProductInternalException", 1016, "Card validation failed: unknown card");
            }
            ObjectNode ident = idents.addObject();
            ident.put("object", "smart.idents").put("id", "smi_" + (++n)).put("prefix", number.substring(0, 4));
            ident.put("name", "secucard Kundenkarte")
                    .put("type", r.path("type").asText("card"))
                    .put("value", number);
            ident.put("valid", !"locked".equals(card.get().path("lock_status").asText()));
            ident.set("merchantcard", card.get().deepCopy());
        }
        return idents;
    }

    private Optional<ObjectNode> firstMerchantCard(ObjectNode stx) {
        for (JsonNode ident : stx.path("idents")) {
            if (ident.path("merchantcard").isObject()) {
                return Optional.of((ObjectNode) ident.get("merchantcard"));
            }
        }
        return Optional.empty();
    }

    private ArrayNode receipt(ObjectNode card, String transId, long sum, String currency) {
        ArrayNode lines = mapper.createArrayNode();
        lines.addObject().put("type", "separator").putObject("value").put("caption", "Kundenkarte");
        nameValue(lines, "Kartennummer: ", card.path("card").path("cardnumber").asText());
        nameValue(lines, "TA Code: ", transId);
        lines.addObject().put("type", "space");
        textLine(lines, "Umsatz erfasst:", false);
        textLine(lines, amount(sum, currency), true);
        lines.addObject().put("type", "space");
        textLine(lines, "Aktuelles Guthaben", false);
        textLine(lines, amount(card.path("balance").asLong(), currency), true);
        return lines;
    }

    private static void nameValue(ArrayNode lines, String name, String value) {
        ObjectNode v = lines.addObject().put("type", "name-value").putObject("value");
        v.put("name", name).put("value", value).putArray("decoration");
    }

    private static void textLine(ArrayNode lines, String text, boolean important) {
        ObjectNode v = lines.addObject().put("type", "textline").putObject("value");
        ArrayNode decoration = v.put("text", text).putArray("decoration");
        if (important) {
            decoration.add("important");
        }
    }

    /** secuconnect's receipt format: {@code 7,96 EUR}. */
    static String amount(long minor, String currency) {
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        long factor = (long) Math.pow(10, digits);
        long abs = Math.abs(minor);
        String major = (minor < 0 ? "-" : "") + abs / factor;
        return digits == 0
                ? major + " " + currency
                : major + "," + String.format("%0" + digits + "d", abs % factor) + " " + currency;
    }

    private ObjectNode loyaltyTransaction(
            ObjectNode card, String transId, long sum, String currency, ArrayNode receipt) {
        ObjectNode ltx = mapper.createObjectNode();
        ltx.put("object", "loyalty.transactions")
                .put("id", "LTX_" + randomId(30))
                .put("created", now());
        ltx.put("trans_id", transId).put("status", "ok").put("amount", sum).put("currency", currency);
        ltx.put("balance", card.path("balance").asLong()).put("description", "Umsatz erfasst");
        ltx.putObject("merchantcard")
                .put("object", "loyalty.merchantcards")
                .put("id", card.path("id").asText());
        ltx.set("card", card.path("card").deepCopy());
        ltx.put("is_cancelling", 0);
        ltx.set("receipt", receipt.deepCopy());
        return ltx;
    }

    /** Supports one {@code field:value} or {@code field:"value"} expression, nested fields as {@code a.b}. */
    private static Predicate<ObjectNode> matcher(String q) {
        if (q == null || q.isBlank()) {
            return n -> true;
        }
        Matcher m = QUERY.matcher(q);
        if (!m.matches()) {
            throw StandInError.invalid("the stand-in understands only q=field:\"value\", not " + q);
        }
        String[] path = m.group(1).split("\\.");
        String expected = m.group(2);
        return n -> {
            JsonNode v = n;
            for (String p : path) {
                v = v.path(p);
            }
            return v.isValueNode() && v.asText().equals(expected);
        };
    }

    private ObjectNode page(List<ObjectNode> all, Predicate<ObjectNode> filter, Integer count, Integer offset) {
        List<ObjectNode> matching = all.stream().filter(filter).toList();
        int from = Math.min(matching.size(), offset == null ? 0 : Math.max(0, offset));
        int to = count == null ? matching.size() : Math.min(matching.size(), from + Math.max(0, count));
        ObjectNode page = mapper.createObjectNode();
        page.put("count", matching.size());
        ArrayNode data = page.putArray("data");
        matching.subList(from, to).forEach(n -> data.add(n.deepCopy()));
        return page;
    }

    private String randomId(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return id.toString();
    }

    private static String now() {
        return OffsetDateTime.now(ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** Orders (by id prefix of the transactionRef) for which at least one Smart Transaction exists here. */
    public synchronized long ordersWithTransactions(String orderPrefix) {
        return orders(orderPrefix, s -> true);
    }

    /** Orders (by id prefix) whose Smart Transaction was started (status ok). */
    public synchronized long ordersStarted(String orderPrefix) {
        return orders(orderPrefix, s -> "ok".equals(s.path("status").asText()));
    }

    private long orders(String orderPrefix, Predicate<ObjectNode> filter) {
        return smartTransactions.values().stream()
                .filter(filter)
                .map(s -> s.path("transactionRef").asText())
                .filter(o -> o.startsWith(orderPrefix))
                .distinct()
                .count();
    }

    /** What was booked: transactions, orders booked (ok) and booked twice, repeated creates and starts. */
    public synchronized Bookings bookings() {
        Map<String, Long> okPerOrder = new TreeMap<>();
        smartTransactions.values().stream()
                .filter(s -> "ok".equals(s.path("status").asText()))
                .forEach(s -> okPerOrder.merge(s.path("transactionRef").asText(), 1L, Long::sum));
        return new Bookings(
                smartTransactions.size(),
                okPerOrder.size(),
                okPerOrder.values().stream().filter(c -> c > 1).count(),
                createsPerRef.values().stream().filter(c -> c > 1).count(),
                startsPerStx.values().stream().filter(c -> c > 1).count());
    }

    public synchronized Map<String, Integer> createsPerRef() {
        return new TreeMap<>(createsPerRef);
    }

    public synchronized Map<String, Integer> startsPerStx() {
        return new TreeMap<>(startsPerStx);
    }

    /** Forgets every transaction and count (between runs on one stand-in). */
    public synchronized void reset() {
        smartTransactions.clear();
        loyaltyTransactions.clear();
        createsPerRef.clear();
        startsPerStx.clear();
    }

    public record Bookings(
            int transactions, long ordersBooked, long ordersBookedTwice, long doubleCreates, long doubleStarts) {}
}
