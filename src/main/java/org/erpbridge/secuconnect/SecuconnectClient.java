package org.erpbridge.secuconnect;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

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
 * The {@link Secuconnect} facade: maps each operation onto its REST proxy call; {@link SecuconnectCalls} does the rest.
 * The bean itself is the payment path's ({@link Lane#PAYMENT}); {@link #background} produces the {@link Background} one.
 */
@ApplicationScoped
public class SecuconnectClient implements Secuconnect {
    private static final ListQuery ALL = new ListQuery(null, null, null, null, null);

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
                (api, auth) -> api.smartTransactions().create(auth, request));
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
                (api, auth) -> api.smartTransactions().get(auth, id));
    }

    @Override
    public Page<SmartTransaction> listSmartTransactions(String merchant, ListQuery query, SendWindow window) {
        return list(
                merchant,
                Operation.SMART_TRANSACTION_LIST,
                smartTransactionPage,
                query,
                window,
                api -> api.smartTransactions()::list);
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
                (api, auth) -> api.smartTransactions().update(auth, id, request));
    }

    @Override
    public PreTransactionResult preTransaction(String merchant, String id) {
        return calls.execute(
                merchant,
                lane,
                Operation.SMART_TRANSACTION_PRE_TRANSACTION,
                requireId(id),
                preTransactionResult,
                (api, auth) -> api.smartTransactions().preTransaction(auth, id));
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
                (api, auth) -> api.smartTransactions().start(auth, id, method, Map.of()));
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
                (api, auth) -> api.smartTransactions().cancel(auth, id));
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
                (api, auth) -> api.smartTransactions().abort(auth, id));
    }

    @Override
    public MerchantCard getMerchantCard(String merchant, String id) {
        return calls.execute(
                merchant,
                lane,
                Operation.MERCHANT_CARD_GET,
                requireId(id),
                merchantCard,
                (api, auth) -> api.merchantCards().get(auth, id));
    }

    @Override
    public Page<MerchantCard> listMerchantCards(String merchant, ListQuery query) {
        return list(merchant, Operation.MERCHANT_CARD_LIST, merchantCardPage, query, api -> api.merchantCards()::list);
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
                (api, auth) -> api.merchantCards().validate(auth, request));
    }

    @Override
    public LoyaltyTransaction getLoyaltyTransaction(String merchant, String id) {
        return calls.execute(
                merchant,
                lane,
                Operation.LOYALTY_TRANSACTION_GET,
                requireId(id),
                loyaltyTransaction,
                (api, auth) -> api.loyaltyTransactions().get(auth, id));
    }

    @Override
    public Page<LoyaltyTransaction> listLoyaltyTransactions(String merchant, ListQuery query) {
        return list(
                merchant,
                Operation.LOYALTY_TRANSACTION_LIST,
                loyaltyTransactionPage,
                query,
                api -> api.loyaltyTransactions()::list);
    }

    @Override
    public boolean tokenObtainable(String merchant) {
        return calls.tokenObtainable(merchant);
    }

    /** The common shape of every {@code list} proxy method. */
    @FunctionalInterface
    interface ListEndpoint {
        Response list(String authorization, Integer count, Integer offset, String fields, String q, String sort);
    }

    private <T> Page<T> list(
            String merchant,
            Operation op,
            JavaType pageType,
            ListQuery query,
            Function<MerchantApis.Proxies, ListEndpoint> endpoint) {
        return list(merchant, op, pageType, query, SendWindow.UNBOUNDED, endpoint);
    }

    private <T> Page<T> list(
            String merchant,
            Operation op,
            JavaType pageType,
            ListQuery query,
            SendWindow window,
            Function<MerchantApis.Proxies, ListEndpoint> endpoint) {
        ListQuery q = query == null ? ALL : query;
        return calls.execute(
                merchant,
                lane,
                op,
                null,
                pageType,
                window,
                (api, auth) -> endpoint.apply(api).list(auth, q.count(), q.offset(), q.fields(), q.q(), q.sort()));
    }

    private static String requireId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("secuconnect object id is required");
        }
        return id;
    }
}
