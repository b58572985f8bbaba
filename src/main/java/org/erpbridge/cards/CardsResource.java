package org.erpbridge.cards;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.erpbridge.common.ApiProblem;
import org.erpbridge.common.ApiProblemMapper;
import org.erpbridge.erp.ErpApiDocument;
import org.erpbridge.secuconnect.CardNumbers;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Card balances for the ERP, {@code /api/v1/merchants/{merchant}/cards}. The ERP auth filter has already checked
 * that the caller is this merchant. Card numbers leave only masked.
 */
@Path("/api/v1/merchants/{merchant}/cards")
@Produces(MediaType.APPLICATION_JSON)
@Tag(ref = ErpApiDocument.TAG_CARDS)
public class CardsResource {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Pattern CARD_NUMBER = Pattern.compile("\\d{8,32}");

    private final CardQueries queries;

    CardsResource(CardQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("/{cardNumber}")
    @Operation(
            operationId = "getCard",
            summary = "Read a card's balances",
            description = "The card's balances as of "
                    + "the latest sync or payment, its number masked. The card number is part of the URL: keep request paths out "
                    + "of proxy and access logs.")
    @APIResponse(
            responseCode = "200",
            description = "The card",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CardView.class)))
    @APIResponse(
            responseCode = "400",
            description = "The card number is not 8 to 32 digits",
            content = @Content(mediaType = ApiProblemMapper.PROBLEM_JSON))
    @APIResponse(
            responseCode = "404",
            description = "No balances known for the card (not yet synced, or another " + "merchant's)",
            content = @Content(mediaType = ApiProblemMapper.PROBLEM_JSON))
    public CardView card(
            @PathParam("merchant") String merchant,
            @Parameter(description = "The full card number", example = ErpApiDocument.EXAMPLE_CARD)
                    @PathParam("cardNumber")
                    String cardNumber) {
        if (!CARD_NUMBER.matcher(cardNumber).matches()) {
            throw ApiProblem.badRequest(
                    "The card number must be 8 to 32 digits",
                    List.of(new ApiProblem.FieldError("cardNumber", "must be 8 to 32 digits")));
        }
        return queries.byNumber(merchant, cardNumber)
                .orElseThrow(() -> ApiProblem.notFound("No balances known for card " + CardNumbers.mask(cardNumber)
                        + " (not yet synced or not this merchant's)"));
    }

    /** Cards whose values or presence changed at or after {@code changedSince}, oldest change first. */
    @GET
    @Operation(
            operationId = "listChangedCards",
            summary = "List changed cards",
            description =
                    "Cards whose values or "
                            + "presence changed at or after changedSince, oldest change first; follow nextCursor until it is null. When "
                            + "polling with changedSince, overlap a little and deduplicate, or rely on the card.balance-changed events.")
    @APIResponse(
            responseCode = "200",
            description = "One page of cards",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CardPage.class)))
    @APIResponse(
            responseCode = "400",
            description = "changedSince, limit or cursor is malformed (errors names it)",
            content = @Content(mediaType = ApiProblemMapper.PROBLEM_JSON))
    public CardPage changed(
            @PathParam("merchant") String merchant,
            @Parameter(
                            description = "ISO-8601 date-time with offset",
                            example = "2026-11-23T09:00:00Z",
                            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
                    @QueryParam("changedSince")
                    String changedSince,
            @Parameter(
                            description = "Cards per page, 1 to 1000 (default 100)",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            format = "int32",
                                            minimum = "1",
                                            maximum = "1000",
                                            defaultValue = "100"))
                    @QueryParam("limit")
                    String limit,
            @Parameter(description = "nextCursor of the previous page, unchanged") @QueryParam("cursor")
                    String cursor) {
        Instant since = changedSince == null || changedSince.isBlank() ? null : parseInstant(changedSince);
        int size = parseLimit(limit);
        Optional<ChangeCursor> position = Optional.empty();
        if (cursor != null && !cursor.isBlank()) {
            position = ChangeCursor.decode(cursor.trim());
            if (position.isEmpty()) {
                throw ApiProblem.badRequest(
                        "The cursor is not one this API issued: pass nextCursor unchanged",
                        List.of(new ApiProblem.FieldError("cursor", "unknown cursor")));
            }
        }
        return queries.changed(merchant, since, position, size);
    }

    private static Instant parseInstant(String value) {
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest(
                    "changedSince must be an ISO-8601 date-time with offset, e.g. 2026-11-23T09:00:00Z",
                    List.of(new ApiProblem.FieldError("changedSince", "not an ISO-8601 date-time with offset")));
        }
    }

    private static int parseLimit(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiProblem.badRequest(
                "limit must be a whole number from 1 to " + MAX_LIMIT,
                List.of(new ApiProblem.FieldError("limit", "must be between 1 and " + MAX_LIMIT)));
    }
}
