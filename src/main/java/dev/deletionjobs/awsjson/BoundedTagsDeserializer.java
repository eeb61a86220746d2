package dev.deletionjobs.awsjson;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import dev.deletionjobs.service.DataDeletionJobService;
import dev.deletionjobs.service.ModelPatterns;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A create's tags, built only as many as a job may have: the rest are counted as the parser passes them. Read as a
 * plain list, a megabyte of {@code {}} was 350,000 tags, 20 MB of heap held until the service refused their count.
 * The list read says how many there were ({@link Counted}), and {@link ShapeMapper} refuses more than a job may have
 * with the service's own answer ({@link DataDeletionJobService#tooManyTags}) once the whole body has been read, so a
 * body that is no valid request is still refused as one first.
 */
@RegisterForReflection
public final class BoundedTagsDeserializer extends StdDeserializer<List<Shapes.Tag>> {

    public BoundedTagsDeserializer() {
        super(List.class);
    }

    @Override
    public List<Shapes.Tag> deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (!parser.isExpectedStartArrayToken()) {
            @SuppressWarnings("unchecked")
            List<Shapes.Tag> refused = (List<Shapes.Tag>) context.handleUnexpectedToken(List.class, parser);
            return refused;
        }
        Counted tags = new Counted();
        int count = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token == null) {
                throw JsonMappingException.from(parser, "The body ends inside the tags.");
            }
            if (count++ >= ModelPatterns.MAX_TAGS) {
                parser.skipChildren();
                continue;
            }
            try {
                tags.add(token == JsonToken.VALUE_NULL ? null : context.readValue(parser, Shapes.Tag.class));
            } catch (JsonMappingException e) {
                throw JsonMappingException.wrapWithPath(e, tags, count - 1);
            }
        }
        tags.total = count;
        return tags;
    }

    /** The tags read, at most as many as a job may have, and how many the request had. */
    static final class Counted extends ArrayList<Shapes.Tag> {

        private static final long serialVersionUID = 1L;

        private int total;

        int total() {
            return total;
        }
    }
}
