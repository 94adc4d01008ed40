package io.headway.gateway.api;

import io.headway.gateway.domain.RequestError;
import io.headway.gateway.service.JobQueries;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reading query parameters into the values the services take; a value of the wrong form is a 400 naming it. */
public final class QueryParameters {

    private QueryParameters() {
    }

    /** {@code label=key:value} query parameters, all of which a job must carry. */
    public static Map<String, String> labels(List<String> parameters) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String label : parameters) {
            int colon = label.indexOf(':');
            if (colon <= 0) {
                throw RequestError.badInput("label must be key:value, was '" + label + "'");
            }
            labels.put(label.substring(0, colon), label.substring(colon + 1));
        }
        return labels;
    }

    /** {@code limit}, or the endpoint's own page size when it is absent. */
    public static int pageSize(Integer limit, int fallback) {
        if (limit == null) {
            return fallback;
        }
        if (limit < 1 || limit > JobQueries.MAX_PAGE) {
            throw RequestError.badInput("limit must be between 1 and " + JobQueries.MAX_PAGE + ", was " + limit);
        }
        return limit;
    }

    /** An ISO-8601 instant, or null when the parameter is absent. */
    public static Instant instant(String text, String field) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw RequestError.badInput(field + " must be an ISO-8601 instant such as 2026-11-24T10:15:30Z, "
                    + "was '" + text + "'");
        }
    }

    /** Repeated parameters naming values of an enum, in any case. */
    public static <E extends Enum<E>> Set<E> enumValues(Class<E> type, List<String> texts, String field) {
        Set<E> values = EnumSet.noneOf(type);
        for (String text : texts) {
            try {
                values.add(Enum.valueOf(type, text.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw RequestError.badInput(field + " '" + text + "' is not one of " + EnumSet.allOf(type));
            }
        }
        return values;
    }
}
