package org.erpbridge.checkout;

import java.io.IOException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.erpbridge.common.ApiProblem;
import org.erpbridge.common.JsonFieldPath;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * Reads the raw request body into a {@link CashPaymentRequest} strictly: no numbers from strings or
 * fractions (7.96 must not become 7 cents), no strings from numbers, no unknown or duplicate fields, nothing
 * after the document. Every failure becomes a 400 problem naming the field; values Jackson cannot hold
 * (numbers beyond 64 bits) become 422. Messages never quote the offending value (it may be a card number).
 */
@ApplicationScoped
class CashPaymentReader {
    private final ObjectReader reader;

    CashPaymentReader(ObjectMapper mapper) {
        ObjectMapper strict = mapper.copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        strict.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Collection)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.POJO).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        this.reader = strict.readerFor(CashPaymentRequest.class);
    }

    CashPaymentRequest read(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiProblem.badRequest("The request body is empty: send the cash payment as a JSON object", List.of());
        }
        try {
            CashPaymentRequest request = reader.readValue(body);
            if (request == null) {
                throw ApiProblem.badRequest("The request body must be a JSON object, not null", List.of());
            }
            return request;
        } catch (UnrecognizedPropertyException e) {
            String field = JsonFieldPath.of(e.getPath());
            throw shapeProblem(field, "unknown field (allowed: " + String.join(", ", allowed(e)) + ")");
        } catch (JsonMappingException e) {
            String field = JsonFieldPath.of(e.getPath());
            if (rootCause(e) instanceof InputCoercionException) {
                String reason = "number out of range";
                throw ApiProblem.validation(
                        "Field '" + field + "': " + reason, List.of(new ApiProblem.FieldError(field, reason)));
            }
            String reason = e instanceof MismatchedInputException m && m.getTargetType() != null
                    ? "wrong JSON type, expected " + JsonFieldPath.describe(m.getTargetType())
                    : "invalid value";
            throw field.isEmpty()
                    ? ApiProblem.badRequest("The body must be a JSON object with the cash payment fields", List.of())
                    : shapeProblem(field, reason);
        } catch (InputCoercionException e) {
            throw ApiProblem.validation("A number in the body is out of range", List.of());
        } catch (JsonParseException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw ApiProblem.badRequest("The body is not valid JSON" + where, List.of());
        } catch (IOException e) {
            // stream constraints (nesting, number or string length) and the like
            throw ApiProblem.badRequest("The body cannot be read as a cash payment document", List.of());
        }
    }

    private static ApiProblem shapeProblem(String field, String reason) {
        return ApiProblem.badRequest(
                "Field '" + field + "': " + reason, List.of(new ApiProblem.FieldError(field, reason)));
    }

    private static List<String> allowed(UnrecognizedPropertyException e) {
        return e.getKnownPropertyIds() == null
                ? List.of()
                : e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
