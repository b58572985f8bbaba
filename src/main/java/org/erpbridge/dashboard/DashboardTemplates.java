package org.erpbridge.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.ReflectionValueResolver;
import io.quarkus.qute.Template;
import io.quarkus.qute.Variant;

/**
 * Qute used as a plain library (the Qute extension cannot be used in this build): one engine, templates read from
 * {@code templates/} on the classpath and parsed once, every expression HTML-escaped unless the template marks it raw.
 */
@ApplicationScoped
class DashboardTemplates {
    private final Engine engine = Engine.builder()
            .addDefaults()
            .addValueResolver(new ReflectionValueResolver())
            .addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML)))
            .build();
    private final Template dashboard = parse("dashboard.html");

    String dashboard(DashboardPage page) {
        return dashboard.data("page", page).render();
    }

    private Template parse(String name) {
        try (InputStream in = DashboardTemplates.class.getResourceAsStream("/templates/" + name)) {
            if (in == null) {
                throw new IllegalStateException("template templates/" + name + " is missing from the classpath");
            }
            return engine.parse(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    Variant.forContentType(Variant.TEXT_HTML),
                    name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
