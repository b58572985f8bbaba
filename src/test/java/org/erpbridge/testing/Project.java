package org.erpbridge.testing;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of this project, found from the test classes: the tests do not run in the project root. */
public final class Project {
    public static final Path ROOT = locate();

    private Project() {}

    /** A project file or directory, given relative to the project root. */
    public static Path path(Path relative) {
        return ROOT.resolve(relative);
    }

    public static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    private static Path locate() {
        try {
            Path p = Path.of(Project.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            while (p != null && !Files.isRegularFile(p.resolve("pom.xml"))) {
                p = p.getParent();
            }
            if (p == null) {
                throw new IllegalStateException("no pom.xml above "
                        + Project.class.getProtectionDomain().getCodeSource());
            }
            return p;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
