package org.erpbridge.secuconnect;

import org.erpbridge.secuconnect.model.CardValidation;
import org.erpbridge.secuconnect.model.ListQuery;
import org.erpbridge.secuconnect.model.LoyaltyTransaction;
import org.erpbridge.secuconnect.model.MerchantCard;
import org.erpbridge.secuconnect.model.Page;
import org.erpbridge.secuconnect.model.PreTransactionResult;
import org.erpbridge.secuconnect.model.SmartTransaction;
import org.erpbridge.secuconnect.model.SmartTransactionRequest;

/**
 * The one door to secuconnect. Every call names the merchant whose base URL, credentials, token and circuit
 * breaker it uses. Tokens are handled inside (cached, refreshed, one replay after 401 or 403/2003).
 * Reads and the token call are retried with backoff; create, update, preTransaction, start, cancel and
 * abort are sent once and never repeated automatically. Failures arrive as {@link SecuconnectException}.
 * The variants with a {@link SendWindow} send nothing whose answer could arrive after the window closes.
 */
public interface Secuconnect {

    default SmartTransaction createSmartTransaction(String merchant, SmartTransactionRequest request) {
        return createSmartTransaction(merchant, request, SendWindow.UNBOUNDED);
    }

    SmartTransaction createSmartTransaction(String merchant, SmartTransactionRequest request, SendWindow window);

    default SmartTransaction getSmartTransaction(String merchant, String id) {
        return getSmartTransaction(merchant, id, SendWindow.UNBOUNDED);
    }

    SmartTransaction getSmartTransaction(String merchant, String id, SendWindow window);

    default Page<SmartTransaction> listSmartTransactions(String merchant, ListQuery query) {
        return listSmartTransactions(merchant, query, SendWindow.UNBOUNDED);
    }

    Page<SmartTransaction> listSmartTransactions(String merchant, ListQuery query, SendWindow window);

    SmartTransaction updateSmartTransaction(String merchant, String id, SmartTransactionRequest request);

    PreTransactionResult preTransaction(String merchant, String id);

    /** {@code method} is e.g. {@code cash}; sent without preTransaction for a plain cash sale. */
    default SmartTransaction startSmartTransaction(String merchant, String id, String method) {
        return startSmartTransaction(merchant, id, method, SendWindow.UNBOUNDED);
    }

    SmartTransaction startSmartTransaction(String merchant, String id, String method, SendWindow window);

    default SmartTransaction cancelSmartTransaction(String merchant, String id) {
        return cancelSmartTransaction(merchant, id, SendWindow.UNBOUNDED);
    }

    SmartTransaction cancelSmartTransaction(String merchant, String id, SendWindow window);

    /** Abandons a Smart Transaction that was never started. */
    default SmartTransaction abortSmartTransaction(String merchant, String id) {
        return abortSmartTransaction(merchant, id, SendWindow.UNBOUNDED);
    }

    SmartTransaction abortSmartTransaction(String merchant, String id, SendWindow window);

    MerchantCard getMerchantCard(String merchant, String id);

    Page<MerchantCard> listMerchantCards(String merchant, ListQuery query);

    CardValidation validateMerchantCard(String merchant, String cardNumber);

    LoyaltyTransaction getLoyaltyTransaction(String merchant, String id);

    Page<LoyaltyTransaction> listLoyaltyTransactions(String merchant, ListQuery query);

    /** Obtains (or reuses) a token; false when the merchant's credentials or secuconnect are not usable now. */
    boolean tokenObtainable(String merchant);
}
