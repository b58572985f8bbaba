package org.erpbridge.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The behaviour of the in-process secuconnect sandbox, kept apart from HTTP: Smart Transactions in memory,
 * merchant cards from {@code sandbox/merchantcards.json}. Cash sales are "booked" as a loyalty transaction
 * with a receipt laid out like secuconnect's; balances stay as recorded. Nothing here talks to secuconnect.
 */
public class SecuconnectSandbox {
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final Pattern QUERY = Pattern.compile("^\\s*([A-Za-z_.]+)\\s*:\\s*\"?([^\"]*)\"?\\s*$");

    private final ObjectMapper mapper;
    private final SecureRandom random = new SecureRandom();
    private final List<ObjectNode> merchantCards;
    private final Map<String, ObjectNode> smartTransactions = new LinkedHashMap<>();
    private final Map<String, ObjectNode> loyaltyTransactions = new LinkedHashMap<>();

    public SecuconnectSandbox(ObjectMapper mapper) {
        this.mapper = mapper;
        this.merchantCards = loadCards(mapper);
    }

    public ObjectNode token() {
        ObjectNode token = mapper.createObjectNode();
        token.put("access_token", "sandbox-" + randomId(26).toLowerCase());
        token.put("expires_in", 1200);
        token.put("token_type", "bearer");
        token.put("scope", "https://scope.secucard.com/e/api");
        return token;
    }

    public synchronized ObjectNode create(JsonNode request) {
        if (request == null || !request.isObject()) {
            throw SandboxError.invalid("request body must be a JSON object");
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
            throw new SandboxError(400, "ProductNotAllowedException", 1000,
                    "the sandbox only records cash payments (start/cash), not " + method);
        }
        if (!"created".equals(stx.path("status").asText())) {
            throw SandboxError.invalid("Smart Transaction " + id + " is in status " + stx.path("status").asText()
                    + ", not created");
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
            transactions.addObject().put("object", "loyalty.transactions").put("id", ltx.get("id").asText());
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
            throw SandboxError.notFound(id);
        }
        return ltx.deepCopy();
    }

    public ObjectNode merchantCard(String id) {
        return merchantCards.stream().filter(c -> id.equals(c.path("id").asText())).findFirst()
                .map(ObjectNode::deepCopy).orElseThrow(() -> SandboxError.notFound(id));
    }

    public ObjectNode merchantCards(String q, Integer count, Integer offset) {
        return page(merchantCards, matcher(q), count, offset);
    }

    public ObjectNode validate(String cardNumber) {
        ObjectNode result = mapper.createObjectNode();
        Optional<ObjectNode> card = cardByNumber(cardNumber);
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
            throw SandboxError.notFound(id);
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
            total = Math.addExact(total, Math.multiplyExact(p.path("priceOne").asLong(), p.path("quantity").asLong(1)));
        }
        long sum = request.path("basket_info").path("sum").asLong(Long.MIN_VALUE);
        if (sum != total) {
            throw SandboxError.invalid("basket_info.sum (" + sum + ") does not match the basket total (" + total + ")");
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
            Optional<ObjectNode> card = cardByNumber(number);
            if (card.isEmpty()) {
                throw new SandboxError(400, "ProductInternalException", 1016, "Card validation failed: unknown card");
            }
            ObjectNode ident = idents.addObject();
            ident.put("object", "smart.idents").put("id", "smi_" + (++n)).put("prefix", number.substring(0, 4));
            ident.put("name", "secucard Kundenkarte").put("type", r.path("type").asText("card")).put("value", number);
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
        return digits == 0 ? major + " " + currency
                : major + "," + String.format("%0" + digits + "d", abs % factor) + " " + currency;
    }

    private ObjectNode loyaltyTransaction(ObjectNode card, String transId, long sum, String currency, ArrayNode receipt) {
        ObjectNode ltx = mapper.createObjectNode();
        ltx.put("object", "loyalty.transactions").put("id", "LTX_" + randomId(30)).put("created", now());
        ltx.put("trans_id", transId).put("status", "ok").put("amount", sum).put("currency", currency);
        ltx.put("balance", card.path("balance").asLong()).put("description", "Umsatz erfasst");
        ltx.putObject("merchantcard").put("object", "loyalty.merchantcards").put("id", card.path("id").asText());
        ltx.set("card", card.path("card").deepCopy());
        ltx.put("is_cancelling", 0);
        ltx.set("receipt", receipt.deepCopy());
        return ltx;
    }

    private Optional<ObjectNode> cardByNumber(String number) {
        return merchantCards.stream().filter(c -> c.path("card").path("cardnumber").asText().equals(number)).findFirst();
    }

    /** Supports one {@code field:value} or {@code field:"value"} expression, nested fields as {@code a.b}. */
    private static Predicate<ObjectNode> matcher(String q) {
        if (q == null || q.isBlank()) {
            return n -> true;
        }
        Matcher m = QUERY.matcher(q);
        if (!m.matches()) {
            throw SandboxError.invalid("the sandbox understands only q=field:\"value\", not " + q);
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
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static List<ObjectNode> loadCards(ObjectMapper mapper) {
        try (InputStream in = SecuconnectSandbox.class.getResourceAsStream("/sandbox/merchantcards.json")) {
            if (in == null) {
                throw new IllegalStateException("sandbox/merchantcards.json missing from the classpath");
            }
            List<ObjectNode> cards = new ArrayList<>();
            mapper.readTree(in).path("data").forEach(c -> cards.add((ObjectNode) c));
            return List.copyOf(cards);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
