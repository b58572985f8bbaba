package org.erpbridge.secuconnect;

import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.erpbridge.secuconnect.model.CardValidation;
import org.erpbridge.secuconnect.model.ListQuery;
import org.erpbridge.secuconnect.model.LoyaltyTransaction;
import org.erpbridge.secuconnect.model.MerchantCard;
import org.erpbridge.secuconnect.model.Page;
import org.erpbridge.secuconnect.model.PreTransactionResult;
import org.erpbridge.secuconnect.model.SmartTransaction;
import org.erpbridge.secuconnect.model.SmartTransactionRequest;

import com.fasterxml.jackson.databind.JavaType;

/**
 * The {@link Secuconnect} facade: maps each operation onto its secuconnect request (method, path, query, body);
 * {@link SecuconnectCalls} does the rest.
 * The bean itself is the payment path's ({@link Lane#PAYMENT}); {@link #background} produces the {@link Background} one.
 */
@ApplicationScoped
public class SecuconnectClient implements Secuconnect {
    private static final String SMART_TRANSACTIONS = "/api/v2/Smart/Transactions";
    private static final String MERCHANT_CARDS = "/api/v2/Loyalty/MerchantCards";
    private static final String LOYALTY_TRANSACTIONS = "/api/v2/Loyalty/Transactions";
    /** The docs send {@code {}} as the body of start; {@code cash} needs no parameters. */
    private static final Map<String, Object> NO_START_PARAMETERS = Map.of();

    private final SecuconnectCalls calls;
    private final Lane lane;
    private final JavaType smartTransaction;
    private final JavaType smartTransactionPage;
    private final JavaType merchantCard;
    private final JavaType merchantCardPage;
    private final JavaType loyaltyTransaction;
    private final JavaType loyaltyTransactionPage;
    private final JavaType preTransactionResult;
    private final JavaType cardValidation;

    @Inject
    SecuconnectClient(SecuconnectCalls calls, ResponseReader reader) {
        this(calls, reader, Lane.PAYMENT);
    }

    private SecuconnectClient(SecuconnectCalls calls, ResponseReader reader, Lane lane) {
        this.calls = calls;
        this.lane = lane;
        this.smartTransaction = reader.type(SmartTransaction.class);
        this.smartTransactionPage = reader.type(Page.class, SmartTransaction.class);
        this.merchantCard = reader.type(MerchantCard.class);
        this.merchantCardPage = reader.type(Page.class, MerchantCard.class);
        this.loyaltyTransaction = reader.type(LoyaltyTransaction.class);
        this.loyaltyTransactionPage = reader.type(Page.class, LoyaltyTransaction.class);
        this.preTransactionResult = reader.type(PreTransactionResult.class);
        this.cardValidation = reader.type(CardValidation.class);
    }

    /** The client of reconciliation, card sync and dashboard: the merchants' background breakers and shares. */
    @Produces
    @Singleton
    @Background
    static Secuconnect background(SecuconnectCalls calls, ResponseReader reader) {
        return new SecuconnectClient(calls, reader, Lane.BACKGROUND);
    }

    @Override
    public SmartTransaction createSmartTransaction(
            String merchant, SmartTransactionRequest request, SendWindow window) {
        Objects.requireNonNull(request, "request");
        return calls.execute(
                merchant,
                lane,
                Operation.SMART_TRANSACTION_CREATE,
                null,
                smartTransaction,
                window,
                (http, auth) -> http.post(SMART_TRANSACTIONS, request, auth));
    }

    @Override
    public SmartTransaction getSmartTransaction(String merchant, String id, SendWindow window) {
        return calls.execute(
                merchant,
                lane,
                Operation.SMART_TRANSACTION_GET,
                requireId(id),
                smartTransaction,
                window,
                (http, auth) -> http.get(path(SMART_TRANSACTIONS, id), auth));
    }

    @Override
    public Page<SmartTransaction> listSmartTransactions(String merchant, ListQuery query, SendWindow window) {
        return list(
                merchant, Operation.SMART_TRANSACTION_LIST, smartTransactionPage, SMART_TRANSACTIONS, query, window);
    }

    @Override
    public SmartTransaction updateSmartTransaction(String merchant, String id, SmartTransactionRequest request) {
        Objects.requireNonNull(request, "request");
        return calls.execute(
                merchant,
                lane,
                Operation.SMART_TRANSACTION_UPDATE,
                requireId(id),
                smartTransaction,
                (http, auth) -> http.put(path(SMART_TRANSACTIONS, id), request, auth));
    }

    @Override
    public PreTransactionResult preTransaction(String merchant, String id) {
        return calls.execute(
                merchant,
                lane,
                Operation.SMART_TRANSACTION_PRE_TRANSACTION,
                requireId(id),
                preTransactionResult,
                (http, auth) -> http.post(path(SMART_TRANSACTIONS, id, "preTransaction"), null, auth));
    }

    @Override
    public SmartTransaction startSmartTransaction(String merchant, String id, String method, SendWindow window) {
        Objects.requireNonNull(method, "method");
        return calls.execute(
                merchant,
                lane,
                Operation.SMART_TRANSACTION_START,
                requireId(id),
                smartTransaction,
                window,
                (http, auth) -> http.post(path(SMART_TRANSACTIONS, id, "start", method), NO_START_PARAMETERS, auth));
    }

    @Override
    public SmartTransaction cancelSmartTransaction(String merchant, String id, SendWindow window) {
        return calls.execute(
                merchant,
                lane,
                Operation.SMART_TRANSACTION_CANCEL,
                requireId(id),
                smartTransaction,
                window,
                (http, auth) -> http.post(path(SMART_TRANSACTIONS, id, "cancel"), null, auth));
    }

    @Override
    public SmartTransaction abortSmartTransaction(String merchant, String id, SendWindow window) {
        return calls.execute(
                merchant,
                lane,
                Operation.SMART_TRANSACTION_ABORT,
                requireId(id),
                smartTransaction,
                window,
                (http, auth) -> http.post(path(SMART_TRANSACTIONS, id, "abort"), null, auth));
    }

    @Override
    public MerchantCard getMerchantCard(String merchant, String id) {
        return calls.execute(
                merchant,
                lane,
                Operation.MERCHANT_CARD_GET,
                requireId(id),
                merchantCard,
                (http, auth) -> http.get(path(MERCHANT_CARDS, id), auth));
    }

    @Override
    public Page<MerchantCard> listMerchantCards(String merchant, ListQuery query) {
        return list(
                merchant, Operation.MERCHANT_CARD_LIST, merchantCardPage, MERCHANT_CARDS, query, SendWindow.UNBOUNDED);
    }

    @Override
    public CardValidation validateMerchantCard(String merchant, String cardNumber) {
        Objects.requireNonNull(cardNumber, "cardNumber");
        CardValidationRequest request = new CardValidationRequest(
                cardNumber, calls.merchant(merchant).secuconnect().merchantId().orElse(null));
        return calls.execute(
                merchant,
                lane,
                Operation.MERCHANT_CARD_VALIDATE,
                CardNumbers.mask(cardNumber),
                cardValidation,
                // the "me" segment is a placeholder the API ignores; the merchant goes in the body
                (http, auth) -> http.post(MERCHANT_CARDS + "/me/validateMerchantcard", request, auth));
    }

    @Override
    public LoyaltyTransaction getLoyaltyTransaction(String merchant, String id) {
        return calls.execute(
                merchant,
                lane,
                Operation.LOYALTY_TRANSACTION_GET,
                requireId(id),
                loyaltyTransaction,
                (http, auth) -> http.get(path(LOYALTY_TRANSACTIONS, id), auth));
    }

    @Override
    public Page<LoyaltyTransaction> listLoyaltyTransactions(String merchant, ListQuery query) {
        return list(
                merchant,
                Operation.LOYALTY_TRANSACTION_LIST,
                loyaltyTransactionPage,
                LOYALTY_TRANSACTIONS,
                query,
                SendWindow.UNBOUNDED);
    }

    @Override
    public boolean tokenObtainable(String merchant) {
        return calls.tokenObtainable(merchant);
    }

    /** A list endpoint: {@code query}'s parameters that are set ({@code null} sends none). */
    private <T> Page<T> list(
            String merchant, Operation op, JavaType pageType, String resource, ListQuery query, SendWindow window) {
        String target = SecuconnectHttp.withQuery(resource, query);
        return calls.execute(merchant, lane, op, null, pageType, window, (http, auth) -> http.get(target, auth));
    }

    private static String path(String resource, String... segments) {
        return SecuconnectHttp.path(resource, segments);
    }

    private static String requireId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("secuconnect object id is required");
        }
        return id;
    }
}
