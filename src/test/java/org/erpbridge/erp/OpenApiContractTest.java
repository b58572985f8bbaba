package org.erpbridge.erp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.erpbridge.outbox.EventOutbox;
import org.erpbridge.testing.Project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The OpenAPI document is the ERP's contract: the one the application serves equals the committed
 * {@code openapi.yaml}, passes Redocly CLI's recommended rules without an error or a warning, and describes every
 * operation completely (operationId, bearer key, signature headers on signed methods, problem responses).
 */
@QuarkusTest
class OpenApiContractTest {
    static final Path COMMITTED = Project.path("openapi.yaml");
    /** Where the served document is written for the lint and for review when it differs from the committed one. */
    static final Path SERVED = Project.path("target/openapi-served.yaml");

    static final String REDOCLY_INSTALL = "npm ci --prefix tools/redocly";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] EVENT_TYPES = {
        EventOutbox.CASH_PAYMENT_COMPLETED,
        EventOutbox.CASH_PAYMENT_FAILED,
        EventOutbox.CASH_PAYMENT_CANCELLED,
        EventOutbox.CASH_PAYMENT_REVIEW,
        EventOutbox.CARD_BALANCE_CHANGED,
        EventOutbox.RECONCILIATION_MISMATCH
    };

    private static String served;
    private static JsonNode document;

    /** Fetched once per run (REST Assured knows the application's port only inside a test). */
    @BeforeEach
    void fetch() throws IOException {
        if (served != null) {
            return;
        }
        served = given().when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Files.createDirectories(SERVED.getParent());
        Files.writeString(SERVED, served, StandardCharsets.UTF_8);
        document = JSON.readTree(given().queryParam("format", "json")
                .when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    @Test
    void theServedDocumentIsTheCommittedOne() throws IOException {
        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(COMMITTED, served, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED, StandardCharsets.UTF_8) : "";
        assertThat(served)
                .as(
                        "The served OpenAPI document differs from the committed openapi.yaml. Review target/openapi-served.yaml "
                                + "and commit it as openapi.yaml (./mvnw test -Dtest=OpenApiContractTest -Dopenapi.update=true "
                                + "writes it)")
                .isEqualTo(committed);
    }

    @Test
    void theServedDocumentPassesRedoclysRecommendedRules() throws IOException, InterruptedException {
        Path cli = redoclyCli();
        Path output = Project.path("target/openapi-lint.json");
        ProcessBuilder lint = new ProcessBuilder(
                        cli.toString(),
                        "lint",
                        SERVED.toString(),
                        "--config",
                        Project.path("redocly.yaml").toString(),
                        "--format=json")
                .redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        lint.environment().put("REDOCLY_TELEMETRY", "off");
        lint.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        Process process = lint.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("Redocly CLI did not finish within 2 minutes");
        }
        JsonNode report = JSON.readTree(output.toFile());
        List<String> problems = new ArrayList<>();
        report.path("problems")
                .forEach(p -> problems.add(
                        p.path("severity").asText() + " " + p.path("ruleId").asText() + " at "
                                + p.path("location").path(0).path("pointer").asText() + ": "
                                + p.path("message").asText()));
        assertThat(problems)
                .as("Redocly CLI (recommended rules) on target/openapi-served.yaml")
                .isEmpty();
        assertThat(report.path("totals").path("errors").asInt(-1)).isZero();
        assertThat(report.path("totals").path("warnings").asInt(-1)).isZero();
        assertThat(report.path("version").asText()).isEqualTo("2.77.0");
    }

    @Test
    void everyOperationIsNamedAuthenticatedAndAnswersProblems() {
        assertThat(document.path("components")
                        .path("securitySchemes")
                        .path("bearerAuth")
                        .path("scheme")
                        .asText())
                .isEqualTo("bearer");
        assertThat(document.path("security").toString()).isEqualTo("[{\"bearerAuth\":[]}]");
        List<String> operationIds = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> {
            assertThat(path.getKey()).startsWith("/api/v1/merchants/{merchant}/");
            path.getValue().fields().forEachRemaining(method -> {
                JsonNode operation = method.getValue();
                String where = method.getKey() + " " + path.getKey();
                operationIds.add(operation.path("operationId").asText());
                assertThat(operation.has("security"))
                        .as(where + " inherits bearerAuth")
                        .isFalse();
                assertThat(operation.path("responses").path("401").path("$ref").asText())
                        .as(where)
                        .isEqualTo("#/components/responses/Unauthorized");
                operation.path("responses").forEach(response -> {
                    JsonNode problem = response.path("content").path("application/problem+json");
                    if (!problem.isMissingNode()) {
                        assertThat(problem.path("schema").path("$ref").asText())
                                .as(where)
                                .startsWith("#/components/schemas/");
                    }
                });
                List<String> parameters = new ArrayList<>();
                operation
                        .path("parameters")
                        .forEach(p -> parameters.add(p.path("$ref").asText()));
                if (method.getKey().equals("post")) {
                    assertThat(parameters)
                            .as(where)
                            .contains(
                                    "#/components/parameters/X-Signature-Timestamp",
                                    "#/components/parameters/X-Signature");
                } else {
                    assertThat(parameters).as(where).doesNotContain("#/components/parameters/X-Signature");
                }
            });
        });
        assertThat(operationIds)
                .containsExactlyInAnyOrder(
                        "recordCashPayment",
                        "getCashPayment",
                        "cancelCashPayment",
                        "getCard",
                        "listChangedCards",
                        "startCardSync",
                        "listCardSyncRuns",
                        "getCardSyncRun",
                        "reconcilePeriod",
                        "runReconciliation",
                        "getReconciliationRun");
        JsonNode problem = document.path("components").path("schemas").path("Problem");
        assertThat(problem.path("properties")
                        .path("errors")
                        .path("items")
                        .path("$ref")
                        .asText())
                .isEqualTo("#/components/schemas/FieldError");
        assertThat(document.path("components")
                        .path("parameters")
                        .path("X-Signature-Timestamp")
                        .path("schema")
                        .path("format")
                        .asText())
                .isEqualTo("int64");
    }

    @Test
    void everyCallbackEventIsAWebhookSignedByTheBridge() {
        JsonNode webhooks = document.path("webhooks");
        for (String type : EVENT_TYPES) {
            JsonNode callback = webhooks.path(type).path("post");
            assertThat(callback.path("operationId").asText()).as(type).isNotBlank();
            assertThat(callback.path("security").toString()).as(type).isEqualTo("[]");
            assertThat(callback.path("parameters").toString())
                    .as(type)
                    .contains("X-Signature-Timestamp", "X-Signature", "X-Event-Id");
            assertThat(callback.path("requestBody")
                            .path("content")
                            .path("application/json")
                            .path("schema")
                            .path("$ref")
                            .asText())
                    .as(type)
                    .startsWith("#/components/schemas/");
        }
        assertThat(webhooks.size()).isEqualTo(EVENT_TYPES.length);
    }

    @Test
    void theDocumentHasServersLicenseAndNeitherSandboxNorDashboard() {
        assertThat(document.path("servers").size()).isPositive();
        assertThat(document.path("info").path("license").path("name").asText()).isNotBlank();
        assertThat(document.path("info").path("description").asText())
                .contains("## Idempotency", "## Signatures", "## Callbacks");
        assertThat(served).doesNotContain("/sandbox/", "/dashboard", "test-echo");
    }

    @Test
    void examplesUseAMadeUpCardNumber() {
        JsonNode example = document.path("paths")
                .path("/api/v1/merchants/{merchant}/cash-payments")
                .path("post")
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("examples")
                .path("seed")
                .path("value");
        assertThat(example.path("loyaltyCard").asText()).isEqualTo(ErpApiDocument.EXAMPLE_CARD);
        // the card number of secuconnect's documentation (and of the sandbox), in full or masked, appears nowhere
        assertThat(served).doesNotContain("9276004429942845", "2845");
    }

    /** The pinned Redocly CLI, installed into tools/redocly (REDOCLY_CLI names another executable). */
    static Path redoclyCli() {
        Map<String, String> env = System.getenv();
        Path cli = env.containsKey("REDOCLY_CLI")
                ? Path.of(env.get("REDOCLY_CLI"))
                : Project.path("tools/redocly/node_modules/.bin/redocly");
        if (!Files.isExecutable(cli)) {
            fail("Redocly CLI is not installed at " + cli + ": run `" + REDOCLY_INSTALL + "` in the project root "
                    + "(.ci/run does), with Node.js 20.19+ or 22.12+");
        }
        return cli;
    }
}
