package org.erpbridge.reconciliation;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.erpbridge.common.ApiProblem;
import org.erpbridge.common.ApiProblemMapper;
import org.erpbridge.erp.ErpApiDocument;
import org.erpbridge.merchant.BridgeConfig;
import org.erpbridge.merchant.Merchant;
import org.erpbridge.merchant.Merchants;
import org.erpbridge.secuconnect.SecuconnectException;

import io.smallrye.common.annotation.Blocking;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The ERP's reconciliation API. Authentication happens before, in the ERP auth filter. Days are the merchant's
 * business days ({@code bridge.merchants.<key>.time-zone}).
 */
@Path("/api/v1/merchants/{merchant}/reconciliation")
@Tag(ref = ErpApiDocument.TAG_RECONCILIATION)
@Blocking
public class ReconciliationResource {
    private static final MediaType CSV = MediaType.valueOf(ReconciliationCsv.MEDIA_TYPE);

    private final Merchants merchants;
    private final ReconciliationService service;
    private final Clock clock;
    private final int maxDays;

    ReconciliationResource(Merchants merchants, ReconciliationService service, Clock clock, BridgeConfig config) {
        this.merchants = merchants;
        this.service = service;
        this.clock = clock;
        this.maxDays = config.reconciliation().maxDays();
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, ReconciliationCsv.MEDIA_TYPE})
    @Operation(
            operationId = "reconcilePeriod",
            summary = "Reconcile a period",
            description = "Every ERP order paid in the period (matched, mismatched, "
                    + "pending, failed, cancelled) and every Smart Transaction secuconnect created in it that no order owns "
                    + "(orphaned). With Accept: text/csv the items as RFC 4180 CSV.")
    @APIResponse(
            responseCode = "200",
            description = "The report",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = ReconciliationReport.class)),
                @Content(mediaType = ReconciliationCsv.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING))
            })
    @APIResponse(
            responseCode = "400",
            description = "from or to missing or not an ISO date",
            content = @Content(mediaType = ApiProblemMapper.PROBLEM_JSON))
    @APIResponse(
            responseCode = "422",
            description = "to before from, or the period is too long",
            content = @Content(mediaType = ApiProblemMapper.PROBLEM_JSON))
    @APIResponse(
            responseCode = "502",
            description = "secuconnect could not be asked",
            content = @Content(mediaType = ApiProblemMapper.PROBLEM_JSON))
    public Response report(
            @PathParam("merchant") String merchantKey,
            @Parameter(
                            description = "First day (ISO date, merchant's time zone)",
                            required = true,
                            example = "2026-11-23",
                            schema = @Schema(type = SchemaType.STRING, format = "date"))
                    @QueryParam("from")
                    String from,
            @Parameter(
                            description = "Last day, included; defaults to from",
                            example = "2026-11-23",
                            schema = @Schema(type = SchemaType.STRING, format = "date"))
                    @QueryParam("to")
                    String to,
            @Context HttpHeaders headers) {
        Merchant merchant = merchant(merchantKey);
        ReportPeriod period = PeriodParameters.period(from, to, merchant.timeZone(), maxDays);
        boolean csv = wantsCsv(headers.getAcceptableMediaTypes());
        ReconciliationReport report = ask(() -> service.report(merchant, period));
        if (csv) {
            return Response.ok(ReconciliationCsv.write(report), CSV.withCharset("utf-8"))
                    .header(
                            "Content-Disposition",
                            "attachment; filename=\"" + ReconciliationCsv.filename(report) + "\"")
                    .build();
        }
        return Response.ok(report, MediaType.APPLICATION_JSON_TYPE).build();
    }

    @POST
    @Path("/runs")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "runReconciliation",
            summary = "Reconcile one day now and store it",
            description = "What the daily job does, for any day "
                    + "up to today: stores totals, counts and differences, and sends one reconciliation.mismatch event per new or "
                    + "changed difference. Running a day again with unchanged facts sends nothing. Body-less: signed over the empty "
                    + "body.")
    @APIResponse(
            responseCode = "200",
            description = "The stored run",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = RunDocument.class)))
    @APIResponse(
            responseCode = "400",
            description = "date is missing or not an ISO date",
            content = @Content(mediaType = ApiProblemMapper.PROBLEM_JSON))
    @APIResponse(
            responseCode = "422",
            description = "date is after today",
            content = @Content(mediaType = ApiProblemMapper.PROBLEM_JSON))
    @APIResponse(
            responseCode = "502",
            description = "secuconnect could not be asked",
            content = @Content(mediaType = ApiProblemMapper.PROBLEM_JSON))
    public RunDocument run(
            @PathParam("merchant") String merchantKey,
            @Parameter(
                            description = "The day (ISO date, merchant's time zone)",
                            required = true,
                            example = "2026-11-23",
                            schema = @Schema(type = SchemaType.STRING, format = "date"))
                    @QueryParam("date")
                    String date) {
        Merchant merchant = merchant(merchantKey);
        LocalDate day = PeriodParameters.day("date", date, LocalDate.now(clock.withZone(merchant.timeZone())));
        return ask(() -> service.run(merchant, day, ReconciliationRun.MANUAL));
    }

    @GET
    @Path("/runs/{date}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "getReconciliationRun",
            summary = "The stored reconciliation of a day",
            description = "Totals and counts of the latest run and "
                    + "the differences found (resolved ones carry resolvedAt).")
    @APIResponse(
            responseCode = "200",
            description = "The stored run",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = RunDocument.class)))
    @APIResponse(
            responseCode = "400",
            description = "date is not an ISO date",
            content = @Content(mediaType = ApiProblemMapper.PROBLEM_JSON))
    @APIResponse(
            responseCode = "404",
            description = "The day was never reconciled",
            content = @Content(mediaType = ApiProblemMapper.PROBLEM_JSON))
    public RunDocument stored(
            @PathParam("merchant") String merchantKey,
            @Parameter(
                            description = "The day (ISO date)",
                            example = "2026-11-23",
                            schema = @Schema(type = SchemaType.STRING, format = "date"))
                    @PathParam("date")
                    String date) {
        Merchant merchant = merchant(merchantKey);
        LocalDate day = PeriodParameters.day("date", date, LocalDate.MAX);
        return service.storedRun(merchant.key(), day)
                .orElseThrow(() -> ApiProblem.notFound("Day " + day + " has not been reconciled yet"));
    }

    /** CSV only when the client prefers it (or accepts nothing else); JSON for no Accept header and wildcards. */
    static boolean wantsCsv(List<MediaType> acceptable) {
        for (MediaType type : acceptable) {
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (type.isCompatible(CSV)) {
                return true;
            }
        }
        return false;
    }

    private Merchant merchant(String key) {
        return merchants.find(key).orElseThrow(() -> ApiProblem.notFound("Unknown merchant"));
    }

    private static <T> T ask(Supplier<T> work) {
        try {
            return work.get();
        } catch (SecuconnectException e) {
            throw new ApiProblem(
                    502,
                    "secuconnect-unavailable",
                    "secuconnect could not be asked",
                    "The reconciliation needs secuconnect's Smart Transactions and secuconnect did not answer usably ("
                            + e.getClass()
                                    .getSimpleName()
                                    .replace("Secuconnect", "")
                                    .replace("Exception", "")
                            + "); try again later");
        }
    }
}
