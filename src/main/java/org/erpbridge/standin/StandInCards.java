package org.erpbridge.standin;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Merchant cards made up from their number instead of recorded ones: every 16-digit number starting 9276 is a
 * card, and its balances follow from the number, so any made-up number works and no real or documented card has to
 * be kept in the sources. The card with serial {@code n} (the 12 digits after 9276) holds {@code 100 x (n mod 50)}
 * cash and {@code 10 x (n mod 7)} bonus; numbers starting 92769999 are locked. The listing serves the first
 * {@code pool} serials; bumping the generation changes the cash balance of every 100th card, as a sync would see.
 */
public final class StandInCards {
    private static final Pattern NUMBER = Pattern.compile("9276[0-9]{12}");
    private static final String LOCKED_PREFIX = "92769999";
    private static final String ID_PREFIX = "MCD_SI";
    private static final String MERCHANT = "MRC_STANDIN";

    private final ObjectMapper mapper;
    private volatile int pool;
    private volatile int generation;

    public StandInCards(ObjectMapper mapper, int pool) {
        this.mapper = mapper;
        this.pool = pool;
    }

    public int pool() {
        return pool;
    }

    public void pool(int cards) {
        this.pool = cards;
    }

    /** Changes the cash balance of every 100th card (1 %) from now on. */
    public void nextGeneration() {
        generation++;
    }

    public static boolean isCardNumber(String number) {
        return number != null && NUMBER.matcher(number).matches();
    }

    /** The listed card number of pool position {@code serial}. */
    public static String number(long serial) {
        return String.format(Locale.ROOT, "9276%012d", serial);
    }

    public Optional<ObjectNode> byNumber(String number) {
        return isCardNumber(number) ? Optional.of(card(number)) : Optional.empty();
    }

    /** Ids encode the serial in base 36, so they name the card without repeating its number (ids get logged). */
    public Optional<ObjectNode> byId(String id) {
        if (id == null || !id.startsWith(ID_PREFIX)) {
            return Optional.empty();
        }
        try {
            long serial = Long.parseLong(id.substring(ID_PREFIX.length()), 36);
            return serial >= 0 && serial < 1_000_000_000_000L ? Optional.of(card(number(serial))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static boolean isLocked(String number) {
        return number.startsWith(LOCKED_PREFIX);
    }

    /** One page of the pool, in serial (and so id) order, built for that page only: pools reach 100,000 cards. */
    public ObjectNode page(int offset, int count) {
        int total = pool;
        ObjectNode page = mapper.createObjectNode();
        page.put("count", total);
        ArrayNode data = page.putArray("data");
        for (long serial = Math.max(0, offset);
                serial < Math.min(total, (long) Math.max(0, offset) + count);
                serial++) {
            data.add(card(number(serial)));
        }
        return page;
    }

    ObjectNode card(String number) {
        long serial = Long.parseLong(number.substring(4));
        long cash = 100L * (serial % 50) + (serial % 100 == 0 ? generation : 0);
        long bonus = 10L * (serial % 7);
        String id = ID_PREFIX + Long.toString(serial, 36).toUpperCase(Locale.ROOT);
        ObjectNode card = mapper.createObjectNode();
        card.put("object", "loyalty.merchantcards").put("id", id);
        card.putObject("merchant").put("object", "general.merchants").put("id", MERCHANT);
        card.putObject("card")
                .put("object", "loyalty.cards")
                .put("id", "CRD_SI" + id.substring(ID_PREFIX.length()))
                .put("cardnumber", number)
                .put("created", "2024-01-02T10:00:00+01:00");
        card.putObject("cardgroup")
                .put("object", "loyalty.cardgroups")
                .put("id", "CRG_STANDIN")
                .put("display_name", "Stand-in")
                .put("display_name_raw", "Stand-in")
                .put("stock_warn_limit", 0);
        card.put("is_base_card", true)
                .put("points", serial % 100)
                .put("cash_balance", cash)
                .put("bonus_balance", bonus)
                .put("balance", cash + bonus);
        card.put("last_usage", "2026-11-01T10:00:00+01:00").put("last_charge", "2026-10-01T12:00:00+02:00");
        card.put("stock_status", "active").put("lock_status", isLocked(number) ? "locked" : "unlocked");
        card.put("passcode", 0).putNull("expiry_date");
        return card;
    }
}
