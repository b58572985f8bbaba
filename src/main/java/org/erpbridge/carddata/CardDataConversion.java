package org.erpbridge.carddata;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.quarkus.narayana.jta.QuarkusTransaction;
import org.jboss.logging.Logger;

/**
 * Encrypts the card numbers rows still hold in plain text. A SQL migration cannot: the keys come from the
 * environment. So V12 only adds the columns, and this conversion, run by the retention job (clustered, shortly after
 * start-up and then at every interval), rewrites the rows in batches, one transaction each. It converts the rows of
 * every merchant, configured or not: a number stays sensitive after its merchant left the configuration.
 */
@ApplicationScoped
public class CardDataConversion {
    private static final Logger LOG = Logger.getLogger(CardDataConversion.class);

    private final Instance<PlainCardRows> tables;

    CardDataConversion(Instance<PlainCardRows> tables) {
        this.tables = tables;
    }

    /** Converts batches of {@code batchSize} until every table reports nothing left; returns the rows converted. */
    public int convertAll(int batchSize) {
        int total = 0;
        for (PlainCardRows table : tables) {
            int converted = 0;
            int batch;
            do {
                batch = QuarkusTransaction.requiringNew().call(() -> table.convert(batchSize));
                converted += batch;
            } while (batch >= batchSize);
            if (converted > 0) {
                LOG.infof("Encrypted the plain card numbers of %d %s", converted, table.what());
            }
            total += converted;
        }
        return total;
    }
}
