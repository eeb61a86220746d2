package dev.deletionjobs.graphql;

import java.util.Locale;

/**
 * The media types of GraphQL over HTTP that the service reads and writes: a request body in {@code application/json}
 * (UTF-8), an answer in {@code application/graphql-response+json} or {@code application/json}, always in UTF-8.
 */
final class GraphQLMediaTypes {

    static final String GRAPHQL_RESPONSE = "application/graphql-response+json; charset=utf-8";
    static final String JSON = "application/json; charset=utf-8";

    private GraphQLMediaTypes() {
    }

    /**
     * The content type to answer a request with, given its {@code Accept} header: the acceptable type of the highest
     * quality (the first of equal ones), {@link #GRAPHQL_RESPONSE} for a wildcard or no header; null when the header
     * accepts neither type. A charset in the header is not read: answers are UTF-8, which JSON requires.
     */
    static String answerFor(String accept) {
        if (accept == null || accept.isBlank()) {
            return GRAPHQL_RESPONSE;
        }
        String best = null;
        double bestQuality = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";", -1);
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            String answer = switch (type) {
                case "application/graphql-response+json", "application/*", "*/*" -> GRAPHQL_RESPONSE;
                case "application/json" -> JSON;
                default -> null;
            };
            double quality = quality(parts);
            if (answer != null && quality > bestQuality) {
                best = answer;
                bestQuality = quality;
            }
        }
        return best;
    }

    /** Whether a body of {@code contentType} is read: JSON in UTF-8, or a body without a type, read as JSON. */
    static boolean readable(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String[] parts = contentType.split(";", -1);
        if (!parts[0].trim().equalsIgnoreCase("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).trim().equalsIgnoreCase("charset")
                    && !unquoted(parameter.substring(equals + 1)).equalsIgnoreCase("utf-8")) {
                return false;
            }
        }
        return true;
    }

    /** A media range's {@code q}: 1 when absent or unreadable, as if the parameter were not there. */
    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.length() > 2 && (parameter.charAt(0) == 'q' || parameter.charAt(0) == 'Q')
                    && parameter.charAt(1) == '=') {
                try {
                    double quality = Double.parseDouble(parameter.substring(2).trim());
                    return quality >= 0 && quality <= 1 ? quality : 1;
                } catch (NumberFormatException e) {
                    return 1;
                }
            }
        }
        return 1;
    }

    private static String unquoted(String value) {
        String trimmed = value.trim();
        return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
                ? trimmed.substring(1, trimmed.length() - 1)
                : trimmed;
    }
}
