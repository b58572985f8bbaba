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
 */
public interface Secuconnect {

    SmartTransaction createSmartTransaction(String merchant, SmartTransactionRequest request);

    SmartTransaction getSmartTransaction(String merchant, String id);

    Page<SmartTransaction> listSmartTransactions(String merchant, ListQuery query);

    SmartTransaction updateSmartTransaction(String merchant, String id, SmartTransactionRequest request);

    PreTransactionResult preTransaction(String merchant, String id);

    /** {@code method} is e.g. {@code cash}; sent without preTransaction for a plain cash sale. */
    SmartTransaction startSmartTransaction(String merchant, String id, String method);

    SmartTransaction cancelSmartTransaction(String merchant, String id);

    SmartTransaction abortSmartTransaction(String merchant, String id);

    MerchantCard getMerchantCard(String merchant, String id);

    Page<MerchantCard> listMerchantCards(String merchant, ListQuery query);

    CardValidation validateMerchantCard(String merchant, String cardNumber);

    LoyaltyTransaction getLoyaltyTransaction(String merchant, String id);

    Page<LoyaltyTransaction> listLoyaltyTransactions(String merchant, ListQuery query);

    /** Obtains (or reuses) a token; false when the merchant's credentials or secuconnect are not usable now. */
    boolean tokenObtainable(String merchant);
}
