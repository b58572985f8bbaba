package org.erpbridge.ops.k8s;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** An operator's application.properties, read the way the bridge reads it at start-up. */
final class BridgeProperties {
    /** ${NAME} with no default: the environment must provide NAME. */
    private static final Pattern REQUIRED_EXPANSION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private BridgeProperties() {}

    static Properties parse(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The environment variables the file expands without a default. */
    static Set<String> requiredEnvironment(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = REQUIRED_EXPANSION.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * Validates the bridge.* tree through the real mapping (unknown keys and wrong types fail) and the
     * merchant registry's start-up checks, with a sample value for each environment variable.
     */
    static Map<String, Merchant> resolveMerchants(String text, Set<String> environment) {
        Map<String, String> all = new HashMap<>();
        parse(text).forEach((k, v) -> all.put((String) k, (String) v));
        environment.forEach(name -> all.put(name, "sample-value-of-" + name.toLowerCase()));
        // the packaged application runs with the prod profile, so %prod. keys apply as they do in production
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withProfile("prod")
                .withMapping(BridgeConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(all, "application.properties", 260))
                .build();
        // with the production guards: signing secret or erp.allow-unsigned, https URLs
        return Merchants.resolve(
                config.getConfigMapping(BridgeConfig.class), URI.create("http://localhost:8080/sandbox"), true);
    }
}
