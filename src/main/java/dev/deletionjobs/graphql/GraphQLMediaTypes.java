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
     * The content type to answer a request with, given its {@code Accept} header: of the two types, the one the header
     * accepts with the higher quality (the one its range names first on a tie), {@link #GRAPHQL_RESPONSE} for a
     * wildcard alone or no header; null when the header accepts neither type. A type's quality is that of the most
     * specific range that matches it, so {@code application/graphql-response+json;q=0, *}{@code /*} refuses that type
     * and accepts JSON. A charset in the header is not read: answers are UTF-8, which JSON requires.
     */
    static String answerFor(String accept) {
        if (accept == null || accept.isBlank()) {
            return GRAPHQL_RESPONSE;
        }
        Acceptance graphQLResponse = new Acceptance("application/graphql-response+json");
        Acceptance json = new Acceptance("application/json");
        String[] ranges = accept.split(",");
        for (int position = 0; position < ranges.length; position++) {
            String[] parts = ranges[position].split(";", -1);
            String range = parts[0].trim().toLowerCase(Locale.ROOT);
            double quality = quality(parts);
            graphQLResponse.offer(range, quality, position);
            json.offer(range, quality, position);
        }
        if (graphQLResponse.quality <= 0 && json.quality <= 0) {
            return null;
        }
        boolean graphQLResponseFirst = graphQLResponse.quality > json.quality
                || graphQLResponse.quality == json.quality && graphQLResponse.position <= json.position;
        return graphQLResponseFirst ? GRAPHQL_RESPONSE : JSON;
    }

    /** How a header accepts one type: the quality and place of the most specific range that matches it. */
    private static final class Acceptance {

        private final String type;
        private int specificity = -1;
        private double quality;
        private int position;

        Acceptance(String type) {
            this.type = type;
        }

        void offer(String range, double rangeQuality, int rangePosition) {
            int rangeSpecificity = range.equals(type) ? 2
                    : range.equals("application/*") ? 1
                            : range.equals("*/*")
                                    ? 0
                                    : -1;
            if (rangeSpecificity > specificity) {
                specificity = rangeSpecificity;
                quality = rangeQuality;
                position = rangePosition;
            }
        }
    }

    /**
     * Whether a body of {@code contentType} is read: JSON in UTF-8. A body without a type is not, as GraphQL over HTTP
     * advises: a browser sends one without a preflight (a {@code Blob} of no type), so a page of another site could
     * post a mutation with it where authentication is off.
     */
    static boolean readable(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return false;
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
