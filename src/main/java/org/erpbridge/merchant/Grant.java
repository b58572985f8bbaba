package org.erpbridge.merchant;

import java.util.Arrays;
import java.util.Optional;

/** The OAuth grant a merchant uses at secuconnect, as written in configuration. */
public enum Grant {
    CLIENT_CREDENTIALS("client-credentials"),
    DEVICE("device"),
    REFRESH_TOKEN("refresh-token");

    private final String configValue;

    Grant(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    public static Optional<Grant> fromConfig(String value) {
        return Arrays.stream(values()).filter(g -> g.configValue.equals(value)).findFirst();
    }
}
