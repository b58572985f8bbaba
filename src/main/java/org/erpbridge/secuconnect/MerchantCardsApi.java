package org.erpbridge.secuconnect;

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

/** secuconnect {@code /api/v2/Loyalty/MerchantCards}. */
@Path("/api/v2/Loyalty/MerchantCards")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface MerchantCardsApi {

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

    /** The {@code me} segment is a placeholder the API ignores; the merchant goes in the body. */
    @POST
    @Path("/me/validateMerchantcard")
    Response validate(@HeaderParam("Authorization") String authorization, CardValidationRequest request);
}
