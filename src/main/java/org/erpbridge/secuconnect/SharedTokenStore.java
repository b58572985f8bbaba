package org.erpbridge.secuconnect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.merchant.Merchant;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Device-session tokens shared by all replicas through table {@code secuconnect_token}. secuconnect keeps one
 * valid token per device session, so a replica renews only while holding the merchant's row lock
 * ({@code SELECT ... FOR UPDATE}); the others then find the new token in the row instead of renewing again
 * (which would invalidate the token just issued).
 */
@ApplicationScoped
class SharedTokenStore {
    private static final Logger LOG = Logger.getLogger(SharedTokenStore.class);
    private static final String UNIQUE_VIOLATION = "23505";

    private final AgroalDataSource dataSource;
    private final OAuthTokenClient oauth;
    private final Clock clock = Clock.systemUTC();

    SharedTokenStore(AgroalDataSource dataSource, OAuthTokenClient oauth) {
        this.dataSource = dataSource;
        this.oauth = oauth;
    }

    /** A {@link TokenSource} for one merchant backed by this store. */
    TokenSource sourceFor(Merchant merchant) {
        return rejected -> fetch(merchant, rejected);
    }

    /** The stored token unless it is stale or the one just rejected; otherwise renews it under the row lock. */
    IssuedToken fetch(Merchant merchant, String rejected) {
        try {
            ensureRow(merchant.key());
            return QuarkusTransaction.requiringNew().call(() -> renewLocked(merchant, rejected));
        } catch (SecuconnectException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warnf("secuconnect token store unavailable for merchant=%s: %s", merchant.key(), e.getClass().getSimpleName());
            throw new SecuconnectUnreachableException(merchant.key(), Operation.TOKEN.label(), false,
                    "the shared token store (database) is unavailable, secuconnect was not called", e);
        }
    }

    private IssuedToken renewLocked(Merchant merchant, String rejected) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            IssuedToken stored = lockRow(c, merchant.key());
            if (stored != null && stored.usableAt(clock.instant()) && !stored.value().equals(rejected)) {
                return stored; // another replica renewed it meanwhile
            }
            IssuedToken fresh = oauth.request(merchant);
            try (PreparedStatement ps = c.prepareStatement("update secuconnect_token set access_token = ?, renew_at = ?,"
                    + " refreshed_at = ? where merchant_key = ?")) {
                ps.setString(1, fresh.value());
                ps.setObject(2, OffsetDateTime.ofInstant(fresh.renewAt(), ZoneOffset.UTC));
                ps.setObject(3, OffsetDateTime.now(clock));
                ps.setString(4, merchant.key());
                ps.executeUpdate();
            }
            return fresh;
        }
    }

    private static IssuedToken lockRow(Connection c, String merchant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select access_token, renew_at from secuconnect_token where merchant_key = ? for update")) {
            ps.setString(1, merchant);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    return null;
                }
                OffsetDateTime renewAt = rs.getObject(2, OffsetDateTime.class);
                return new IssuedToken(rs.getString(1), renewAt.toInstant());
            }
        }
    }

    private void ensureRow(String merchant) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
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
