package org.erpbridge.merchant;

import java.util.List;

/** Stops start-up: names the merchant and every offending {@code bridge.*} key. */
public class InvalidMerchantConfigException extends RuntimeException {
    private final String merchant;
    private final List<String> problems;

    public InvalidMerchantConfigException(String merchant, List<String> problems) {
        super("Invalid configuration of merchant '" + merchant + "': " + String.join("; ", problems));
        this.merchant = merchant;
        this.problems = List.copyOf(problems);
    }

    public String merchant() {
        return merchant;
    }

    public List<String> problems() {
        return problems;
    }
}
