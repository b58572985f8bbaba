package org.erpbridge.erp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.common.ApiProblem;
import org.erpbridge.common.JdbcTransactions;

import io.agroal.api.AgroalDataSource;
import org.jboss.logging.Logger;

/**
 * The replay cache of ERP request signatures, in the database so that every replica sees every use: a signature is
 * accepted once until its timestamp leaves the tolerance window. Stores a SHA-256 of the matched MAC, so the table
 * holds nothing that could be sent again. Expired rows are deleted now and then by whichever replica records a use.
 * A use is recorded in a statement of its own as the request is authenticated, or, for a route that asks for it
 * ({@link SignatureUse}), later in the transaction of the route's first write.
 */
@ApplicationScoped
public class UsedSignatures {
    private static final Logger LOG = Logger.getLogger(UsedSignatures.class);
    private static final long PURGE_EVERY_MILLIS = Duration.ofMinutes(1).toMillis();
    private static final String INSERT = "insert into erp_used_signature (signature_digest, merchant_key, expires_at) "
            + "values (?, ?, ?) on conflict do nothing";

    private final AgroalDataSource dataSource;
    private final Clock clock;
    private final JdbcTransactions transactions;
    private final AtomicLong nextPurge = new AtomicLong();

    UsedSignatures(AgroalDataSource dataSource, Clock clock, JdbcTransactions transactions) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.transactions = transactions;
    }

    /**
     * Records the use of a signature that verified; false when it had been used before (a replay). Runs in its own
     * short autocommit statement, so a later failure of the request does not free the signature for a replay.
     */
    public boolean firstUse(String merchant, byte[] matchedMac, Instant expiresAt) {
        purgeNowAndThen();
        try (Connection c = dataSource.getConnection()) {
            return insert(c, merchant, matchedMac, expiresAt);
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the use of a request signature", e);
        }
    }

    /** The answer to a signature used before: the same wherever the use is recorded. */
    static ApiProblem replayed() {
        return ApiProblem.unauthorized("X-Signature was already used: a signature is accepted once; sign every "
                + "request anew (a retry too) with a fresh timestamp");
    }

    /** A use to be recorded later by the route ({@link SignatureUse}); {@code refused} runs when it turns out a replay. */
    SignatureUse deferred(String merchant, byte[] matchedMac, Instant expiresAt, Runnable refused) {
        purgeNowAndThen(); // before the route's transaction holds a connection
        return new SignatureUse(this, merchant, matchedMac, expiresAt, refused);
    }

    /** Inserts the use on {@code c}, in the caller's transaction; it counts as recorded once that commits. */
    void recordIn(Connection c, SignatureUse use) throws SQLException {
        if (!insert(c, use.merchant(), use.matchedMac(), use.expiresAt())) {
            throw use.replay();
        }
        if (transactions.active()) {
            transactions.afterCommit(use::markRecorded);
        } else {
            use.markRecorded(); // an autocommit connection: the insert is committed already
        }
    }

    /** Records the use in its own statement, unless it was recorded already. */
    void recordNow(SignatureUse use) {
        if (use.recorded()) {
            return;
        }
        if (!firstUse(use.merchant(), use.matchedMac(), use.expiresAt())) {
            throw use.replay();
        }
        use.markRecorded();
    }

    private static boolean insert(Connection c, String merchant, byte[] matchedMac, Instant expiresAt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, digest(matchedMac));
            ps.setString(2, merchant);
            ps.setObject(3, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
            return ps.executeUpdate() == 1;
        }
    }

    private void purgeNowAndThen() {
        long now = clock.millis();
        long due = nextPurge.get();
        if (now < due || !nextPurge.compareAndSet(due, now + PURGE_EVERY_MILLIS)) {
            return;
        }
        // maintenance across merchants: expired rows say nothing about any merchant any more
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("delete from erp_used_signature where expires_at < ?")) {
            ps.setObject(1, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            int purged = ps.executeUpdate();
            LOG.debugf("Replay cache: %d expired signatures deleted", purged);
        } catch (SQLException e) {
            LOG.warnf(
                    "Replay cache: expired signatures not deleted (%s); tried again later",
                    e.getClass().getSimpleName());
        }
    }

    private static String digest(byte[] mac) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(mac));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
