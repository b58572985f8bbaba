package org.erpbridge.erp;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Test-only endpoints under the merchant API, to exercise authentication and error mapping; hidden from the OpenAPI
 * document, which must equal the committed one.
 */
@Path("/api/v1/merchants/{merchant}/test-echo")
@Produces(MediaType.APPLICATION_JSON)
public class TestEchoResource {

    public record Line(@NotBlank String sku, @Min(1) int quantity) {}

    public record Echo(@NotBlank String name, @Min(1) long amount, List<@Valid @NotNull Line> lines) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Map<String, Object> echo(
            @PathParam("merchant") String merchant,
            @Valid @NotNull Echo body,
            @Context ContainerRequestContext request) {
        return Map.of(
                "merchant",
                merchant,
                "authenticated",
                request.getProperty(ErpAuthFilter.MERCHANT_PROPERTY),
                "body",
                body);
    }

    /** Non-blocking variant: the filter must hand the body on here too. */
    @POST
    @Path("/reactive")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Uni<Map<String, Object>> echoReactive(@PathParam("merchant") String merchant, Echo body) {
        return Uni.createFrom().item(Map.of("merchant", merchant, "body", body));
    }

    @GET
    @Operation(hidden = true)
    public Map<String, Object> get(@PathParam("merchant") String merchant, @Context ContainerRequestContext request) {
        return Map.of("merchant", merchant, "authenticated", request.getProperty(ErpAuthFilter.MERCHANT_PROPERTY));
    }

    /** A POST without body parameter, like a cancel. */
    @POST
    @Path("/poke")
    @Operation(hidden = true)
    public Map<String, Object> poke(@PathParam("merchant") String merchant) {
        return Map.of("merchant", merchant, "poked", true);
    }

    @GET
    @Path("/boom")
    @Operation(hidden = true)
    public String boom() {
        throw new IllegalStateException("internal detail that must not leak: jdbc:postgresql://secret-host");
    }
}
