package org.erpbridge.ops.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds values in committed configuration that look like real credentials. Properties whose name says they
 * hold a secret must be an environment expansion (${VAR} or ${VAR:}); any file is searched for well-known
 * key formats and long random-looking strings. Placeholders (CHANGE_ME...) and image digests pass.
 */
final class SecretLikeValues {
    /** Last segment of a property name that holds a credential. */
    private static final Pattern SECRET_KEY =
            Pattern.compile("(?i)(^|[.-])(password|passphrase|secret|api-key|apikey|token|private-key|credentials?)$");

    private static final Pattern ENV_ONLY = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*:?}");
    private static final Pattern PLACEHOLDER = Pattern.compile("CHANGE_ME[A-Za-z0-9_]*");
    private static final Map<String, Pattern> KNOWN_FORMATS = Map.of(
            "private key", Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"),
            "AWS access key id", Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"),
            "GitHub token", Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{36,}\\b"),
            "JSON web token", Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"),
            "bearer token", Pattern.compile("(?i)\\bbearer\\s+(?!\\$\\{)[A-Za-z0-9._~+/-]{20,}"));
    /** Long runs of key material; a digest is named by its algorithm prefix and is not a secret. */
    private static final Pattern LONG_TOKEN = Pattern.compile("(?<![A-Za-z0-9+/_=:-])[A-Za-z0-9+/_=-]{32,}");

    private SecretLikeValues() {}

    /** Findings in a .properties file: secret-named keys with literal values, plus everything {@link #inText} finds. */
    static List<String> inProperties(String file, String content) {
        List<String> findings = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int sep = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!") || sep < 0) {
                continue;
            }
            String key = line.substring(0, sep).strip();
            String value = line.substring(sep + 1).strip();
            // dev and test profiles carry deliberate fakes for the sandbox and the test merchants
            boolean fakeProfile = key.startsWith("%dev.") || key.startsWith("%test.");
            if (!fakeProfile
                    && SECRET_KEY.matcher(key).find()
                    && !value.isEmpty()
                    && !ENV_ONLY.matcher(value).matches()
                    && !PLACEHOLDER.matcher(value).matches()) {
                findings.add(file + ":" + (i + 1) + ": " + key + " has a literal value; use ${ENV_VAR} and a Secret");
            }
        }
        findings.addAll(inText(file, content));
        return findings;
    }

    /** Findings of well-known credential formats and random-looking long strings anywhere in the text. */
    static List<String> inText(String file, String content) {
        List<String> findings = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int lineNo = i + 1;
            KNOWN_FORMATS.forEach((what, p) -> {
                if (p.matcher(line).find()) {
                    findings.add(file + ":" + lineNo + ": looks like a " + what);
                }
            });
            Matcher m = LONG_TOKEN.matcher(line);
            while (m.find()) {
                if (looksRandom(m.group()) && !PLACEHOLDER.matcher(m.group()).matches()) {
                    findings.add(file + ":" + lineNo + ": random-looking string "
                            + m.group().substring(0, 6) + "...");
                }
            }
        }
        return findings;
    }

    /** Mixed-case letters with digits, or a long hex run: what keys look like and words and names do not. */
    private static boolean looksRandom(String s) {
        boolean upper = s.chars().anyMatch(Character::isUpperCase);
        boolean lower = s.chars().anyMatch(Character::isLowerCase);
        boolean digit = s.chars().anyMatch(Character::isDigit);
        boolean hex = s.chars().allMatch(c -> Character.isDigit(c) || c >= 'a' && c <= 'f');
        return upper && lower && digit || hex && digit;
    }
}
