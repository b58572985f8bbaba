package org.erpbridge.merchant;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A config interface named like a class (BridgeConfig.CardSyncRuns beside cards.CardSyncRuns) reads as that class. */
class ConfigNamesTest {

    @Test
    void noConfigInterfaceSharesItsNameWithATopLevelClass() throws IOException, URISyntaxException {
        Path classes = Path.of(BridgeConfig.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Set<String> topLevel;
        try (Stream<Path> files = Files.walk(classes.resolve("org/erpbridge"))) {
            topLevel = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("$"))
                    .map(n -> n.substring(0, n.length() - ".class".length()))
                    .collect(Collectors.toSet());
        }
        List<String> configNames = new ArrayList<>();
        collect(BridgeConfig.class, configNames);

        assertThat(topLevel).contains("BridgeConfig", "CardSyncRuns", "ReconciliationRuns");
        assertThat(configNames).isNotEmpty().doesNotContainAnyElementsOf(topLevel);
    }

    private static void collect(Class<?> config, List<String> names) {
        for (Class<?> nested : config.getDeclaredClasses()) {
            if (nested.isInterface()) {
                names.add(nested.getSimpleName());
                collect(nested, names);
            }
        }
    }
}
