package io.headway.templates;

import java.math.BigDecimal;

/** What kind of value a template parameter takes. */
public enum ParameterType {
    STRING,
    INTEGER,
    NUMBER,
    BOOLEAN;

    /** Why {@code value} is not of this type, or null when it is. */
    String problemWith(String value) {
        return switch (this) {
            case STRING -> null;
            case INTEGER -> value.matches("-?\\d{1,18}") ? null : "must be a whole number";
            case NUMBER -> isNumber(value) ? null : "must be a number";
            case BOOLEAN -> value.equals("true") || value.equals("false") ? null : "must be true or false";
        };
    }

    private static boolean isNumber(String value) {
        try {
            new BigDecimal(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
