package org.erpbridge.secuconnect;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.erpbridge.secuconnect.model.SmartTransactionRequest;

/**
 * secuconnect {@code /api/v2/Smart/Transactions}. Methods return the raw {@link Response} so that
 * {@link ResponseReader} alone decides what a status and body mean (no exception escapes the proxy).
 */
@Path("/api/v2/Smart/Transactions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface SmartTransactionsApi {

    @POST
    Response create(@HeaderParam("Authorization") String authorization, SmartTransactionRequest request);

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

    @PUT
    @Path("/{id}")
    Response update(
            @HeaderParam("Authorization") String authorization,
            @PathParam("id") String id,
            SmartTransactionRequest request);

    @POST
    @Path("/{id}/preTransaction")
    Response preTransaction(@HeaderParam("Authorization") String authorization, @PathParam("id") String id);

    /** The docs send {@code {}} as body; {@code cash} needs no parameters. */
    @POST
    @Path("/{id}/start/{method}")
    Response start(
            @HeaderParam("Authorization") String authorization,
            @PathParam("id") String id,
            @PathParam("method") String method,
            Map<String, Object> body);

    @POST
    @Path("/{id}/cancel")
    Response cancel(@HeaderParam("Authorization") String authorization, @PathParam("id") String id);

    @POST
    @Path("/{id}/abort")
    Response abort(@HeaderParam("Authorization") String authorization, @PathParam("id") String id);
}
