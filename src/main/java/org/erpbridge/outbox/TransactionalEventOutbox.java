package org.erpbridge.outbox;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.erpbridge.common.Jdbc;
import org.erpbridge.common.JdbcTransactions;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logging.Logger;

/**
 * Writes events into {@code outbox_event} inside the caller's transaction (a JTA one, or the plain JDBC one of the
 * payment path, {@link JdbcTransactions}), and refuses to write one outside any; {@link OutboxDelivery} sends them.
 * The stored payload is the complete envelope, so every retry sends the same bytes with the same id.
 */
@ApplicationScoped
public class TransactionalEventOutbox implements EventOutbox {
    private static final Logger LOG = Logger.getLogger(TransactionalEventOutbox.class);
    private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");

    private final Merchants merchants;
    private final ObjectMapper json;
    private static final String INSERT = "insert into outbox_event (id, merchant, type, payload, occurred_at, status, "
            + "attempts, next_attempt_at) values (?, ?, ?, ?, ?, ?, 0, ?)";

    private final Clock clock;
    private final DataSource dataSource;
    private final JdbcTransactions transactions;

    @Inject
    public TransactionalEventOutbox(
            Merchants merchants, ObjectMapper json, Clock clock, DataSource dataSource, JdbcTransactions transactions) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.merchants = merchants;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public UUID publish(String merchantKey, String type, Object data) {
        return publishAll(merchantKey, type, Collections.singletonList(data)).get(0);
    }

    /** One batch of inserts (one round trip) for events of one type: the card sync publishes a page's changes so. */
    @Override
    public List<UUID> publishAll(String merchantKey, String type, List<?> data) {
        transactions.requireActive("an event");
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("event type must be lower-case words joined by '.' or '-', was " + type);
        }
        Merchant merchant = merchants.get(merchantKey);
        List<UUID> ids = new ArrayList<>(data.size());
        data.forEach(d -> ids.add(UUID.randomUUID()));
        if (merchant.erp().callbackUrl().isEmpty() || data.isEmpty()) {
            return ids;
        }
        // millisecond precision: the same instant survives the database round trip and reads well in JSON
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        // plain JDBC on the transaction's connection, executed now (no entity to flush at commit)
        Jdbc.on(dataSource, "queueing event " + type, c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (int i = 0; i < ids.size(); i++) {
                    ps.setObject(1, ids.get(i));
                    ps.setString(2, merchant.key());
                    ps.setString(3, type);
                    ps.setString(4, envelope(ids.get(i), type, merchant.key(), now, data.get(i)));
                    Jdbc.instant(ps, 5, now);
                    ps.setString(6, OutboxEvent.PENDING);
                    Jdbc.instant(ps, 7, now);
                    if (ids.size() == 1) {
                        return ps.executeUpdate();
                    }
                    ps.addBatch();
                }
                return ps.executeBatch().length;
            }
        });
        LOG.debugf("Queued %d event(s) %s for merchant %s", ids.size(), type, merchant.key());
        return ids;
    }

    private String envelope(UUID id, String type, String merchant, Instant occurredAt, Object data) {
        try {
            return json.writeValueAsString(
                    new CallbackEnvelope(id, type, merchant, occurredAt.toString(), data == null ? Map.of() : data));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "event data of type " + data.getClass().getName() + " cannot be written as JSON", e);
        }
    }
}
