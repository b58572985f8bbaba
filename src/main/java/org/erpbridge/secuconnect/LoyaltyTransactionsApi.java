package org.erpbridge.secuconnect;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** secuconnect {@code /api/v2/Loyalty/Transactions}: read-only. */
@Path("/api/v2/Loyalty/Transactions")
@Produces(MediaType.APPLICATION_JSON)
interface LoyaltyTransactionsApi {

    @GET
    @Path("/{id}")
    Response get(@HeaderParam("Authorization") String authorization, @PathParam("id") String id);

    @GET
    Response list(
            @HeaderParam("Authorization") String authorization,
            @QueryParam("count") Integer count,
            @QueryParam("offset") Integer offset,
            @QueryParam("fields") String fields,
            @QueryParam("q") String q,
            @QueryParam("sort") String sort);
}
