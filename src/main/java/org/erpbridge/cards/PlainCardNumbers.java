package org.erpbridge.cards;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.erpbridge.carddata.CardVault;
import org.erpbridge.carddata.PlainCardRows;
import org.erpbridge.common.Jdbc;
import org.erpbridge.secuconnect.CardNumbers;

/**
 * Card balance rows stored before card numbers were encrypted (no {@code card_hash} yet): each gets its lookup hash,
 * masked and encrypted number, and loses the plain one. A payment or sync that ran before the conversion reached a
 * card may have stored it a second time under its hash; the old row's history then moves to that row and the old
 * row goes.
 */
@ApplicationScoped
class PlainCardNumbers implements PlainCardRows {
    private final DataSource dataSource;
    private final CardVault vault;

    PlainCardNumbers(DataSource dataSource, CardVault vault) {
        this.dataSource = dataSource;
        this.vault = vault;
    }

    @Override
    public String what() {
        return "card balances";
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public int convert(int limit) {
        return Jdbc.on(dataSource, "conversion of plain card numbers in card balances", c -> {
            Map<Long, String[]> plain = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("select id, merchant, card_number from card_balance "
                    + "where card_hash is null limit ? for update skip locked")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plain.put(
                                rs.getLong("id"), new String[] {rs.getString("merchant"), rs.getString("card_number")});
                    }
                }
            }
            for (Map.Entry<Long, String[]> row : plain.entrySet()) {
                convert(c, row.getKey(), row.getValue()[0], row.getValue()[1]);
            }
            return plain.size();
        });
    }

    private void convert(Connection c, long id, String merchant, String number) throws SQLException {
        String hash = vault.lookupHash(number);
        Long twin = null;
        try (PreparedStatement ps =
                c.prepareStatement("select id from card_balance where card_hash = ? and merchant = ?")) {
            ps.setString(1, hash);
            ps.setString(2, merchant);
            try (ResultSet rs = ps.executeQuery()) {
                twin = rs.next() ? rs.getLong(1) : null;
            }
        }
        if (twin != null) {
            execute(
                    c,
                    "update card_balance_history set card_id = ? where card_id = ? and merchant = ?",
                    twin,
                    id,
                    merchant);
            execute(c, "delete from card_balance where id = ? and merchant = ?", id, merchant);
            return;
        }
        execute(
                c,
                "update card_balance set card_hash = ?, card_masked = ?, card_sealed = ?, card_number = null "
                        + "where id = ? and merchant = ?",
                hash,
                CardNumbers.mask(number),
                vault.seal(number),
                id,
                merchant);
    }

    private static void execute(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }
}
