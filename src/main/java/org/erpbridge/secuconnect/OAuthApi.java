package org.erpbridge.secuconnect;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** secuconnect's token endpoint, on the host root (outside {@code /api/v2}); JSON body as in the docs. */
@Path("/oauth/token")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
interface OAuthApi {

    @POST
    Response token(TokenRequest request);
}
