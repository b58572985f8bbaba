package org.erpbridge.merchant;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The whole {@code bridge.*} configuration tree. Raw values only: {@link Merchants} validates them at
 * start-up and hands out resolved {@link Merchant} views, so no other class reads this mapping for
 * merchant settings.
 */
@ConfigMapping(prefix = "bridge")
public interface BridgeConfig {

    /** Merchants by key; the key is the {@code {merchant}} segment of the ERP API path. */
    Map<String, MerchantConfig> merchants();

    Checkout checkout();

    Sandbox sandbox();

    /** How the secuconnect client retries, breaks circuits and reports health (all merchants). */
    SecuconnectClientSettings secuconnect();

    Outbox outbox();

    /** How card balance syncs run (all merchants); each merchant's schedule and page size are under its own key. */
    CardSyncRunSettings cardSync();

    /** Reconciliation reports and the daily reconciliation run (all merchants). */
    ReconciliationRunSettings reconciliation();

    /** The operator dashboard at {@code /dashboard/{merchant}}. */
    Dashboard dashboard();

    /** Transport limits of the ERP API, before anything reads a body. */
    ErpApi erpApi();

    /** Throttling of failed authentications (ERP API keys, signatures, dashboard passwords). */
    AuthThrottleSettings authThrottle();

    /** Keys that protect card numbers at rest (encryption and the keyed lookup hash). */
    CardData cardData();

    /** How long data the bridge no longer needs is kept before a scheduled job deletes it. */
    RetentionSettings retention();

    /**
     * Card numbers are stored AES-256-GCM encrypted under {@code active-key} (older key ids in {@code keys} still
     * decrypt) and looked up by an HMAC-SHA256 under {@code lookup-key}. No defaults: start-up fails naming the
     * missing key.
     */
    interface CardData {
        /** AES-256 keys by id (base64 of 32 bytes); the id is stored with every encrypted value. */
        Map<String, String> keys();

        /** The id in {@code keys} new values are encrypted with. */
        Optional<String> activeKey();

        /** HMAC-SHA256 key (base64, at least 32 bytes) of card lookups and request hashes; changing it needs a rehash. */
        Optional<String> lookupKey();
    }

    /** Each age is a duration ({@code 30d}, {@code 12h}); {@code 0} keeps that data for ever. */
    interface RetentionSettings {
        /** How often the retention job runs (clustered: once across all replicas); {@code off} stops it. */
        @WithDefault("1h")
        String interval();

        /** Rows deleted (or cleared) per statement; the job repeats until nothing is left. */
        @WithDefault("1000")
        int batchSize();

        /** The stored request (masked card, basket) of a payment, counted from its completion. */
        @WithDefault("30d")
        Duration requestBodies();

        /** Card balance history rows, counted from the change. */
        @WithDefault("400d")
        Duration cardHistory();

        /** Finished card sync runs, counted from their end. */
        @WithDefault("90d")
        Duration syncRuns();

        /** Reconciliation runs and their differences, counted from the business day. */
        @WithDefault("400d")
        Duration reconciliationRuns();

        /** Outbox events delivered to the ERP, counted from the delivery (dead events stay for operators). */
        @WithDefault("30d")
        Duration deliveredEvents();
    }

    interface ErpApi {
        /**
         * A request body must have arrived completely this long after the bridge takes the request up (waiting for a
         * worker thread does not count); else 408 and the connection is closed.
         */
        @WithDefault("10s")
        Duration bodyTimeout();
    }

    /**
     * Per replica and in memory: a failed attempt costs no database write, and the throttle keeps working while the
     * database is down. With n replicas an attacker gets at most n times the allowance; the keys are long and random.
     */
    interface AuthThrottleSettings {
        /** Failed attempts from one client address before it is refused with 429 for a while. */
        @WithDefault("5")
        int addressFreeFailures();

        /**
         * Failed attempts against one merchant (from any address) before that merchant refuses, with 429, every
         * address that has not authenticated successfully lately (its ERP's own addresses keep working).
         */
        @WithDefault("50")
        int merchantFreeFailures();

        /** The first refusal lasts this long; every further failure doubles it. */
        @WithDefault("1s")
        Duration baseDelay();

        /** The longest refusal. */
        @WithDefault("15m")
        Duration maxDelay();

        /** Failures older than this are forgotten. */
        @WithDefault("1h")
        Duration forgetAfter();

        /** At most this many client addresses are tracked per replica (memory stays bounded). */
        @WithDefault("10000")
        int maxTrackedAddresses();
    }

    interface Checkout {
        /** How long a cash-payment request waits for completion before answering 202. */
        @WithDefault("10s")
        Duration syncWait();

        /** How often the recovery job looks for payments left mid-way. */
        @WithDefault("15s")
        Duration recoveryInterval();

        /**
         * The lease a worker holds on a payment after each step; when it runs out, recovery may take the payment over.
         * A worker sends nothing whose answer could arrive after its lease minus settle-time, so start-up refuses a
         * value below settle-time + 2 x (connect-timeout + read-timeout) of any merchant (a token fetch and one call).
         */
        @WithDefault("30s")
        Duration recoveryGrace();

        /**
         * How long secuconnect gets to finish a request whose answer was lost (5xx, timeout, reset) before the
         * bridge looks its outcome up (by merchantRef after a create); also the safety margin before a lease ends.
         */
        @WithDefault("2s")
        Duration settleTime();

        /** Creates with an unknown outcome (then found nothing by merchantRef) per attempt before REVIEW. */
        @WithDefault("5")
        int createTries();

        /** The longest Retry-After of a 429 that is honoured; a longer one is cut to this. */
        @WithDefault("30s")
        Duration retryAfterCap();

        /** After this long without success, recovery stops retrying and marks the payment for review. */
        @WithDefault("24h")
        Duration reviewAfter();

        /**
         * On shutdown, after HTTP requests in flight have finished, how long payments still being processed in the
         * background get to finish before they are interrupted (they stay pending and recovery finishes them).
         * Keep preStop + quarkus.shutdown.timeout + this below the pod's termination grace period.
         */
        @WithDefault("10s")
        Duration shutdownWait();

        /**
         * Payments processed at the same time by this replica. Each mostly waits for secuconnect, so this bounds the
         * throughput at about workers / (time of one payment); beyond it, payments queue (1,000 at most, then they are
         * left to recovery). Every worker needs a database connection now and then: at 100 payments/s keep
         * quarkus.datasource.jdbc.max-size well above 20 (bench/results/latest.md).
         */
        @WithDefault("128")
        int workers();

        /**
         * Cash-payment POSTs with the path merchant's bearer key that one replica has in flight at most, from their
         * arrival until their answer is sent; beyond it, or beyond a merchant's fair share of it, a POST is answered
         * 503 with Retry-After at once, before its body is read, and nothing is stored. Keep it below
         * quarkus.thread-pool.max-threads (each admitted request holds a worker thread for up to sync-wait).
         */
        @WithDefault("128")
        int maxInFlight();

        /**
         * POSTs to the cash-payment path whose bearer key does not match the path merchant (they are answered 401
         * once their body is read) that one replica has in flight at most; a pool of their own, outside every
         * merchant's share.
         */
        @WithDefault("16")
        int maxInFlightUnauthenticated();

        /**
         * Above this share of max-in-flight the replica is under pressure: a copy of an order whose first request is
         * still being booked is answered 202 at once with the stored document instead of waiting for it.
         */
        @WithDefault("0.5")
        double pressureRatio();

        /** The Retry-After (whole seconds, rounded up) of the 503 that refuses a cash payment. */
        @WithDefault("2s")
        Duration retryAfter();
    }

    interface Sandbox {
        /**
         * When true (dev mode), merchants without secuconnect credentials talk to the in-process
         * secuconnect sandbox that serves recorded responses. Never enabled in production.
         */
        @WithDefault("false")
        boolean enabled();
    }

    interface ReconciliationRunSettings {
        /** Smart Transactions asked for per secuconnect list call when looking for orphans. */
        @WithDefault("100")
        int pageSize();

        /** Longest period (days, both ends included) one report may cover. */
        @WithDefault("31")
        int maxDays();

        /** A daily run that failed (secuconnect unreachable, say) is tried again on the next fires for this many days. */
        @WithDefault("3")
        int catchUpDays();
    }

    interface Dashboard {
        /**
         * Operators who may open every merchant's dashboard with HTTP Basic ({@code <name>:<password>}). The ERP's
         * bearer key opens its own merchant's dashboard without an operator.
         */
        Map<String, Operator> operators();

        /**
         * How long one merchant's live listing of today at secuconnect is reused by every dashboard view (the page
         * refreshes every 60 s; viewers share one listing). {@code 0s} lists anew for every view.
         */
        @WithDefault("60s")
        Duration liveTtl();

        /**
         * The most secuconnect list pages one live listing reads; a busier day shows the bridge's own records instead
         * (the daily reconciliation covers the whole day).
         */
        @WithDefault("20")
        int liveMaxPages();

        interface Operator {
            /** At least 12 characters; from the environment, never committed. */
            String password();

            /** Merchant keys this operator may see; {@code *} (default) for all. */
            @WithDefault("*")
            List<String> merchants();
        }
    }

    interface SecuconnectClientSettings {
        /**
         * Extra attempts for reads (get/list/validate) and the token call after a 5xx, 429, timeout or
         * unreadable body; also for any call that certainly never left (connection refused). Create, update,
         * preTransaction, start, cancel and abort are never repeated once they may have been sent.
         */
        @WithDefault("3")
        int readRetries();

        /** Backoff before retry n is random between 0 and min(retry-max-delay, retry-base-delay * 2^n). */
        @WithDefault("200ms")
        Duration retryBaseDelay();

        @WithDefault("2s")
        Duration retryMaxDelay();

        /** A token is renewed this long before secuconnect's expires_in runs out (at most half its lifetime). */
        @WithDefault("60s")
        Duration tokenExpiryMargin();

        /** How long the readiness check reuses its per-merchant result before asking secuconnect again. */
        @WithDefault("30s")
        Duration healthCacheTtl();

        /**
         * How long a call waits for a free place within its merchant's {@code max-concurrent-calls} before it fails,
         * not sent (like a call refused by an open breaker).
         */
        @WithDefault("100ms")
        Duration callWait();

        Breaker breaker();

        /**
         * Two breakers per merchant, one for payment calls and one for background calls (reconciliation, card sync,
         * dashboard), each with these settings; only unreachable and 5xx/429 answers count as failures.
         */
        interface Breaker {
            /** Outcomes in the rolling window; the breaker can open only once the window is full. */
            @WithDefault("10")
            int requestVolume();

            /** Share of failures in the window that opens the breaker. */
            @WithDefault("0.5")
            double failureRatio();

            /** How long an open breaker fails fast before letting trial calls through. */
            @WithDefault("30s")
            Duration delay();

            /** Successful trial calls needed to close it again. */
            @WithDefault("2")
            int successThreshold();
        }
    }

    /** Delivery of the outbox events to the merchants' callback URLs. */
    interface Outbox {
        /** How often each replica looks for due events, e.g. {@code 5s}; {@code off} stops the scheduled worker. */
        @WithDefault("5s")
        String pollInterval();

        /** Events claimed per database round trip (a pass claims batches until nothing is due). */
        @WithDefault("20")
        int batchSize();

        /** How long a claimed batch stays reserved for its worker; a crashed worker's rows are free again after it. */
        @WithDefault("5m")
        Duration lease();

        /** Backoff after the first failed attempt; it doubles per failure (full jitter) up to {@code max-backoff}. */
        @WithDefault("10s")
        Duration baseBackoff();

        @WithDefault("1h")
        Duration maxBackoff();

        /** An event still undelivered this long after it occurred becomes {@code dead}; at least 24h. */
        @WithDefault("72h")
        Duration maxAge();

        /** Connect and response timeout of one callback request. */
        @WithDefault("10s")
        Duration requestTimeout();

        /**
         * Merchants whose callbacks one replica delivers at the same time. Each merchant's events go out one after
         * another (in order) on one of these threads, so an ERP that answers slowly delays its own callbacks only.
         */
        @WithDefault("4")
        int deliveryThreads();
    }

    interface CardSyncRunSettings {
        /**
         * How long a running sync owns its run without a heartbeat (renewed before every page). A run left
         * {@code running} by a dead replica is taken over and resumed after it expires.
         */
        @WithDefault("2m")
        Duration lease();

        /** Extra attempts for one page after the secuconnect client has given up on it (reads are safe to repeat). */
        @WithDefault("3")
        int pageRetries();

        /** Pause before the first extra page attempt; doubles for each further attempt. */
        @WithDefault("2s")
        Duration pageRetryDelay();
    }

    interface MerchantConfig {
        /** ISO 4217 code of the merchant's currency. */
        @WithDefault("EUR")
        String currency();

        SecuconnectConfig secuconnect();

        ErpConfig erp();

        CardSyncConfig cardSync();

        /** IANA time zone of the merchant's business day (reconciliation days, dashboard). */
        @WithDefault("Europe/Berlin")
        String timeZone();

        ReconciliationConfig reconciliation();
    }

    interface ReconciliationConfig {
        /** Quartz cron (in the merchant's time zone) of the daily run that reconciles the previous day, or {@code off}. */
        @WithDefault("0 30 2 * * ?")
        String cron();
    }

    interface SecuconnectConfig {
        /** Host root, e.g. https://connect-testing.secuconnect.com; /api/v2 and /oauth/token are appended. */
        @WithDefault("https://connect-testing.secuconnect.com")
        String baseUrl();

        /** client-credentials, device or refresh-token. */
        @WithDefault("client-credentials")
        String grant();

        Optional<String> clientId();

        Optional<String> clientSecret();

        /** Device uuid for device sessions, e.g. /vendor/acme/serial/0001. */
        Optional<String> deviceUuid();

        /** Refresh token of an already authorised device session. */
        Optional<String> refreshToken();

        /** secuconnect merchant id (MRC_...), used for card validation; optional. */
        Optional<String> merchantId();

        @WithDefault("2s")
        Duration connectTimeout();

        @WithDefault("10s")
        Duration readTimeout();

        /**
         * Secuconnect calls of this merchant in flight at once on one replica (a token request counts as one). A call
         * that finds no free place within {@code bridge.secuconnect.call-wait} fails at once, not sent; so a merchant
         * whose secuconnect answers slowly holds at most this many threads, never the whole replica's. The default is
         * half of the default {@code bridge.checkout.workers} (128): a busy merchant alone is not refused by its own
         * bound (at 32, a single merchant under 32 concurrent ERP clients lost a third of its throughput to refusals
         * and recovery), and a slow one still leaves half the workers to the others.
         */
        @WithDefault("64")
        int maxConcurrentCalls();

        /**
         * Of {@code max-concurrent-calls}, how many background calls (reconciliation, card sync, dashboard) may take;
         * the rest is kept for payments. Below {@code max-concurrent-calls}.
         */
        @WithDefault("8")
        int maxConcurrentBackgroundCalls();
    }

    interface ErpConfig {
        /** The key the ERP sends as Authorization: Bearer; at least 16 characters. */
        Optional<String> apiKey();

        /** When set, request bodies must be signed and callbacks are signed. */
        Optional<String> signingSecret();

        /**
         * Signature schemes accepted from this merchant's ERP and used for its callbacks: {@code v2} (bound to method
         * and path), or {@code v1,v2} only while the ERP migrates from the legacy {@code v1}.
         */
        @WithDefault("v2")
        List<String> signatureVersions();

        /**
         * In production a merchant without a signing secret stops start-up unless this says so explicitly: its bearer
         * key alone then books and cancels payments, and its callbacks go out unsigned.
         */
        @WithDefault("false")
        boolean allowUnsigned();

        /** Where events are delivered; no callbacks without it. */
        Optional<String> callbackUrl();
    }

    interface CardSyncConfig {
        /** Quartz cron expression for the balance sync, or {@code off}. */
        @WithDefault("off")
        String cron();

        @WithDefault("100")
        @WithName("page-size")
        int pageSize();
    }
}
