package org.erpbridge.sandbox;

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

import org.erpbridge.standin.SecuconnectStandIn;
import org.erpbridge.standin.StandInError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import org.jboss.logging.Logger;

/**
 * The secuconnect stand-in ({@link SecuconnectStandIn}, the same behaviour the benchmarks and the packaged
 * application's tests run over HTTP) served in-process under {@code /sandbox/secuconnect}, present only in dev
 * builds. Merchants without credentials are pointed here by {@code Merchants} when {@code bridge.sandbox.enabled=true}.
 */
@IfBuildProfile("dev")
@Path("/sandbox/secuconnect")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SecuconnectSandboxResource {
    private static final Logger LOG = Logger.getLogger(SecuconnectSandboxResource.class);
    private static final String STX = "/api/v2/Smart/Transactions";
    private static final String CARDS = "/api/v2/Loyalty/MerchantCards";

    /** Cards the listing serves (card sync sees these); any 9276 number is a card for payments and look-ups. */
    private static final int CARD_POOL = 3;

    private final ObjectMapper mapper;
    private final SecuconnectStandIn sandbox;

    SecuconnectSandboxResource(ObjectMapper mapper) {
        this.mapper = mapper;
        this.sandbox = new SecuconnectStandIn(mapper, CARD_POOL);
    }

    void announce(@Observes StartupEvent event) {
        LOG.warn("secuconnect SANDBOX active at /sandbox/secuconnect: in-memory Smart Transactions, merchant cards"
                + " derived from any 9276 number; nothing is booked at secuconnect. Dev builds only.");
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
    public Response list(
            @HeaderParam("Authorization") String auth,
            @QueryParam("q") String q,
            @QueryParam("count") Integer count,
            @QueryParam("offset") Integer offset) {
        return answer(auth, () -> sandbox.list(q, count, offset));
    }

    @POST
    @Path(STX + "/{id}/start/{method}")
    public Response start(
            @HeaderParam("Authorization") String auth, @PathParam("id") String id, @PathParam("method") String method) {
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
    public Response merchantCards(
            @HeaderParam("Authorization") String auth,
            @QueryParam("q") String q,
            @QueryParam("count") Integer count,
            @QueryParam("offset") Integer offset) {
        return answer(auth, () -> sandbox.merchantCards(q, count, offset));
    }

    @POST
    @Path(CARDS + "/{placeholder}/validateMerchantcard")
    public Response validate(@HeaderParam("Authorization") String auth, JsonNode body) {
        return answer(
                auth,
                () -> sandbox.validate(
                        body == null ? "" : body.path("cardnumber").asText()));
    }

    private Response answer(String authorization, Supplier<ObjectNode> action) {
        try {
            if (!SecuconnectStandIn.authorized(authorization)) {
                throw StandInError.tokenRequired();
            }
            return Response.ok(action.get()).build();
        } catch (StandInError e) {
            return Response.status(e.httpStatus())
                    .type(MediaType.APPLICATION_JSON)
                    .entity(e.body(mapper, "sandbox"))
                    .build();
        }
    }
}
