package org.erpbridge.cards;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.erpbridge.common.ApiProblem;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Manual card syncs, {@code /api/v1/merchants/{merchant}/card-sync}: {@code POST} starts one in the background and
 * answers 202 with the run's status resource; while a run is already in progress it is not started twice, and
 * the answer is the same 202 pointing at the running run.
 */
@Path("/api/v1/merchants/{merchant}/card-sync")
@Produces(MediaType.APPLICATION_JSON)
public class CardSyncResource {
    private static final int RECENT_RUNS = 20;

    private final CardSync sync;

    CardSyncResource(CardSync sync) {
        this.sync = sync;
    }

    @POST
    public Response start(@PathParam("merchant") String merchant, @Context UriInfo uri) {
        CardSync.Started started = sync.startManual(merchant);
        URI location = uri.getBaseUriBuilder().path("api/v1/merchants/{merchant}/card-sync/{id}")
                .build(merchant, started.run().id());
        return Response.accepted(started.run()).location(location).build();
    }

    @GET
    @Path("/{runId}")
    public SyncRunView run(@PathParam("merchant") String merchant, @PathParam("runId") String runId) {
        long id;
        try {
            id = Long.parseLong(runId);
        } catch (NumberFormatException e) {
            throw ApiProblem.notFound("No such card sync run");
        }
        return sync.run(merchant, id).orElseThrow(() -> ApiProblem.notFound("No card sync run " + id));
    }

    /** The merchant's latest runs, newest first. */
    @GET
    public Runs recent(@PathParam("merchant") String merchant) {
        return new Runs(sync.recentRuns(merchant, RECENT_RUNS));
    }

    @RegisterForReflection
    public record Runs(List<SyncRunView> items) {
    }
}
