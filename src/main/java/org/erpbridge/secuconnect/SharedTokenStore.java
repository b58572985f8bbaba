package org.erpbridge.secuconnect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.merchant.Merchant;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.jboss.logging.Logger;

/**
 * Device-session tokens shared by all replicas through table {@code secuconnect_token}. secuconnect keeps one valid
 * token per device session, so one replica at a time renews: it claims the renewal with a short lease in the row
 * (a compare-and-set in a short transaction), calls secuconnect outside any transaction, and stores the new token;
 * the others wait for that token instead of renewing again (which would invalidate the token just issued). No row
 * lock is held across the HTTP call; a replica that dies mid-renewal leaves a lease that simply runs out.
 */
@ApplicationScoped
class SharedTokenStore {
    private static final Logger LOG = Logger.getLogger(SharedTokenStore.class);
    private static final String UNIQUE_VIOLATION = "23505";
    private static final long POLL_MILLIS = 100;

    private final AgroalDataSource dataSource;
    private final OAuthTokenClient oauth;
    private final Clock clock;

    SharedTokenStore(AgroalDataSource dataSource, OAuthTokenClient oauth, Clock clock) {
        this.clock = clock;
        this.dataSource = dataSource;
        this.oauth = oauth;
    }

    /** A {@link TokenSource} for one merchant backed by this store. */
    TokenSource sourceFor(Merchant merchant) {
        return rejected -> fetch(merchant, rejected);
    }

    /** What the row says: a usable token, or that this caller now holds the renewal, or that another one does. */
    private record Claim(IssuedToken usable, String renewalId, Instant othersUntil) {}

    /** The stored token unless it is stale or the one just rejected; otherwise renews it, one replica at a time. */
    IssuedToken fetch(Merchant merchant, String rejected) {
        Duration lease = renewalLease(merchant);
        try {
            ensureRow(merchant.key());
            while (true) {
                Claim claim = QuarkusTransaction.requiringNew().call(() -> claim(merchant.key(), rejected, lease));
                if (claim.usable() != null) {
                    return claim.usable(); // another replica renewed it meanwhile
                }
                if (claim.renewalId() != null) {
                    return renew(merchant, claim.renewalId());
                }
                // another replica is renewing: wait for its token (or for its lease to run out), holding nothing
                Thread.sleep(Math.max(
                        1,
                        Math.min(
                                POLL_MILLIS,
                                Duration.between(clock.instant(), claim.othersUntil())
                                        .toMillis())));
            }
        } catch (SecuconnectException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SecuconnectUnreachableException(
                    merchant.key(),
                    Operation.TOKEN.label(),
                    false,
                    "interrupted while waiting for another replica's token renewal",
                    e);
        } catch (RuntimeException e) {
            LOG.warnf(
                    "secuconnect token store unavailable for merchant=%s: %s",
                    merchant.key(), e.getClass().getSimpleName());
            throw new SecuconnectUnreachableException(
                    merchant.key(),
                    Operation.TOKEN.label(),
                    false,
                    "the shared token store (database) is unavailable, secuconnect was not called",
                    e);
        }
    }

    /** Long enough for one token call with its retries; a dead renewer's claim runs out after it. */
    private static Duration renewalLease(Merchant merchant) {
        return merchant.secuconnect()
                .connectTimeout()
                .plus(merchant.secuconnect().readTimeout())
                .multipliedBy(4)
                .plusSeconds(5);
    }

    private Claim claim(String merchant, String rejected, Duration lease) throws SQLException {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("select access_token, renew_at, renewing_until"
                    + " from secuconnect_token where merchant_key = ? for update")) {
                ps.setString(1, merchant);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    String token = rs.getString(1);
                    OffsetDateTime renewAt = rs.getObject(2, OffsetDateTime.class);
                    OffsetDateTime renewingUntil = rs.getObject(3, OffsetDateTime.class);
                    if (token != null && renewAt != null && !token.equals(rejected)) {
                        IssuedToken stored = new IssuedToken(token, renewAt.toInstant());
                        if (stored.usableAt(now)) {
                            return new Claim(stored, null, null);
                        }
                    }
                    if (renewingUntil != null && renewingUntil.toInstant().isAfter(now)) {
                        return new Claim(null, null, renewingUntil.toInstant());
                    }
                }
            }
            String renewalId = UUID.randomUUID().toString();
            try (PreparedStatement ps = c.prepareStatement(
                    "update secuconnect_token set renewing_by = ?, renewing_until = ? where merchant_key = ?")) {
                ps.setString(1, renewalId);
                ps.setObject(2, OffsetDateTime.ofInstant(now.plus(lease), ZoneOffset.UTC));
                ps.setString(3, merchant);
                ps.executeUpdate();
            }
            return new Claim(null, renewalId, null);
        }
    }

    /** The OAuth call, outside any transaction; then the token is stored (or the claim given back on failure). */
    private IssuedToken renew(Merchant merchant, String renewalId) {
        IssuedToken fresh;
        try {
            fresh = oauth.request(merchant);
        } catch (RuntimeException e) {
            QuarkusTransaction.requiringNew()
                    .run(() -> update(
                            merchant.key(),
                            renewalId,
                            "update secuconnect_token set renewing_by = null, renewing_until = null"
                                    + " where merchant_key = ? and renewing_by = ?",
                            null));
            throw e;
        }
        QuarkusTransaction.requiringNew()
                .run(() -> update(
                        merchant.key(),
                        renewalId,
                        "update secuconnect_token set"
                                + " access_token = ?, renew_at = ?, refreshed_at = ?, renewing_by = null, renewing_until = null"
                                + " where merchant_key = ? and renewing_by = ?",
                        fresh));
        return fresh;
    }

    private void update(String merchant, String renewalId, String sql, IssuedToken fresh) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (fresh != null) {
                ps.setString(i++, fresh.value());
                ps.setObject(i++, OffsetDateTime.ofInstant(fresh.renewAt(), ZoneOffset.UTC));
                ps.setObject(i++, OffsetDateTime.now(clock));
            }
            ps.setString(i++, merchant);
            ps.setString(i, renewalId);
            if (ps.executeUpdate() == 0 && fresh != null) {
                // our claim ran out and another replica took the renewal over: its token wins the row
                LOG.infof("secuconnect token renewal of merchant=%s finished after its claim ran out", merchant);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void ensureRow(String merchant) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                try (Connection c = dataSource.getConnection();
                        PreparedStatement ps = c.prepareStatement(
                                "insert into secuconnect_token (merchant_key) select ? where not exists"
                                        + " (select 1 from secuconnect_token where merchant_key = ?)")) {
                    ps.setString(1, merchant);
                    ps.setString(2, merchant);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (IllegalStateException e) {
            // another replica inserted the row at the same moment: fine, it exists now
            if (!(e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState()))) {
                throw e;
            }
        }
    }
}
