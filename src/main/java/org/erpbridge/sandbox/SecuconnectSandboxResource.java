package org.erpbridge.sandbox;

import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;

/**
 * In-process stand-in for secuconnect under {@code /sandbox/secuconnect}, present only in dev builds. Merchants
 * without credentials are pointed here by {@code Merchants} when {@code bridge.sandbox.enabled=true}.
 */
@IfBuildProfile("dev")
@Path("/sandbox/secuconnect")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SecuconnectSandboxResource {
    private static final Logger LOG = Logger.getLogger(SecuconnectSandboxResource.class);
    private static final String STX = "/api/v2/Smart/Transactions";
    private static final String CARDS = "/api/v2/Loyalty/MerchantCards";

    private final SecuconnectSandbox sandbox;

    SecuconnectSandboxResource(ObjectMapper mapper) {
        this.sandbox = new SecuconnectSandbox(mapper);
    }

    void announce(@Observes StartupEvent event) {
        LOG.warn("secuconnect SANDBOX active at /sandbox/secuconnect: in-memory Smart Transactions and recorded merchant"
                + " cards (sandbox/merchantcards.json); nothing is booked at secuconnect. Dev builds only.");
    }

    @POST
    @Path("/oauth/token")
    public ObjectNode token() {
        return sandbox.token();
    }

    @POST
    @Path(STX)
    public Response create(@HeaderParam("Authorization") String auth, JsonNode request) {
        return answer(auth, () -> sandbox.create(request));
    }

    @GET
    @Path(STX + "/{id}")
    public Response get(@HeaderParam("Authorization") String auth, @PathParam("id") String id) {
        return answer(auth, () -> sandbox.get(id));
    }

    @GET
    @Path(STX)
    public Response list(@HeaderParam("Authorization") String auth, @QueryParam("q") String q,
            @QueryParam("count") Integer count, @QueryParam("offset") Integer offset) {
        return answer(auth, () -> sandbox.list(q, count, offset));
    }

    @POST
    @Path(STX + "/{id}/start/{method}")
    public Response start(@HeaderParam("Authorization") String auth, @PathParam("id") String id,
            @PathParam("method") String method) {
        return answer(auth, () -> sandbox.start(id, method));
    }

    @POST
    @Path(STX + "/{id}/cancel")
    public Response cancel(@HeaderParam("Authorization") String auth, @PathParam("id") String id) {
        return answer(auth, () -> sandbox.cancel(id));
    }

    @GET
    @Path("/api/v2/Loyalty/Transactions/{id}")
    public Response loyaltyTransaction(@HeaderParam("Authorization") String auth, @PathParam("id") String id) {
        return answer(auth, () -> sandbox.loyaltyTransaction(id));
    }

    @GET
    @Path(CARDS + "/{id}")
    public Response merchantCard(@HeaderParam("Authorization") String auth, @PathParam("id") String id) {
        return answer(auth, () -> sandbox.merchantCard(id));
    }

    @GET
    @Path(CARDS)
    public Response merchantCards(@HeaderParam("Authorization") String auth, @QueryParam("q") String q,
            @QueryParam("count") Integer count, @QueryParam("offset") Integer offset) {
        return answer(auth, () -> sandbox.merchantCards(q, count, offset));
    }

    @POST
    @Path(CARDS + "/{placeholder}/validateMerchantcard")
    public Response validate(@HeaderParam("Authorization") String auth, JsonNode body) {
        return answer(auth, () -> sandbox.validate(body == null ? "" : body.path("cardnumber").asText()));
    }

    private static Response answer(String authorization, Supplier<ObjectNode> action) {
        try {
            if (authorization == null || !authorization.startsWith("Bearer sandbox-")) {
                // what secuconnect answers for a missing or expired token
                throw new SandboxError(403, "ProductNotAllowedException", 2003, "Valid auth token required");
            }
            return Response.ok(action.get()).build();
        } catch (SandboxError e) {
            return Response.status(e.httpStatus()).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("status", "error", "error", e.error(), "error_details", e.getMessage(),
                            "error_user", e.getMessage(), "code", e.code(), "supportId", "sandbox"))
                    .build();
        }
    }
}
