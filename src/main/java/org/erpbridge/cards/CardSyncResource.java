package org.erpbridge.cards;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.erpbridge.common.ApiProblem;
import org.erpbridge.common.ApiProblemMapper;
import org.erpbridge.erp.ErpApiDocument;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Manual card syncs, {@code /api/v1/merchants/{merchant}/card-sync}: {@code POST} starts one in the background and
 * answers 202 with the run's status resource; while a run is already in progress it is not started twice, and
 * the answer is the same 202 pointing at the running run.
 */
@Path("/api/v1/merchants/{merchant}/card-sync")
@Produces(MediaType.APPLICATION_JSON)
@Tag(ref = ErpApiDocument.TAG_CARDS)
public class CardSyncResource {
    private static final int RECENT_RUNS = 20;

    private final CardSync sync;

    CardSyncResource(CardSync sync) {
        this.sync = sync;
    }

    @POST
    @Operation(
            operationId = "startCardSync",
            summary = "Start a card sync now",
            description = "Starts a sync of the "
                    + "merchant's cards in the background. Body-less: signed over the empty body. While a sync is running it is "
                    + "not started twice: the answer points at the running one.")
    @APIResponse(
            responseCode = "202",
            description = "Started, or already running",
            headers =
                    @Header(
                            name = HttpHeaders.LOCATION,
                            description = "The run's status resource",
                            schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SyncRunView.class)))
    public Response start(@PathParam("merchant") String merchant, @Context UriInfo uri) {
        CardSync.Started started = sync.startManual(merchant);
        URI location = uri.getBaseUriBuilder()
                .path("api/v1/merchants/{merchant}/card-sync/{id}")
                .build(merchant, started.run().id());
        return Response.accepted(started.run()).location(location).build();
    }

    @GET
    @Path("/{runId}")
    @Operation(
            operationId = "getCardSyncRun",
            summary = "Read a card sync run",
            description = "Progress and outcome of " + "one run: pages, cards seen, changed and missing, state.")
    @APIResponse(
            responseCode = "200",
            description = "The run",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SyncRunView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such run for this merchant",
            content = @Content(mediaType = ApiProblemMapper.PROBLEM_JSON))
    public SyncRunView run(
            @PathParam("merchant") String merchant,
            @Parameter(description = "The run's id", example = "42") @PathParam("runId") String runId) {
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
    @Operation(
            operationId = "listCardSyncRuns",
            summary = "List recent card sync runs",
            description = "The merchant's latest 20 runs, newest first.")
    @APIResponse(
            responseCode = "200",
            description = "The runs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Runs.class)))
    public Runs recent(@PathParam("merchant") String merchant) {
        return new Runs(sync.recentRuns(merchant, RECENT_RUNS));
    }

    @RegisterForReflection
    @Schema(name = "CardSyncRuns")
    public record Runs(List<SyncRunView> items) {}
}
