package dev.deletionjobs.awsjson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;

import dev.deletionjobs.awsjson.Shapes.DataDeletionJobSummary;
import dev.deletionjobs.http.ResponseBuffers;
import io.vertx.core.buffer.Buffer;

/**
 * Reads and writes awsJson 1.1 bodies. Strict where AWS is strict: a JSON type that does not match the member's
 * (a number for a string, a string for a number, a fraction for an integer) is a client error, not something to
 * coerce; nesting is bounded. Lenient where AWS is lenient: members it does not know are ignored, so newer clients
 * keep working. Timestamps go out as epoch seconds with a millisecond fraction.
 */
@Singleton
public class AwsJsonCodec {

    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    /** Far deeper than any shape of the model (three levels), far shallower than a stack-busting payload. */
    private static final int MAX_NESTING_DEPTH = 32;
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper mapper;
    /** A buffer size to start from for each shape: a list's last page says nothing about an error's size. */
    private final ClassValue<ResponseBuffers> buffers = new ClassValue<>() {
        @Override
        protected ResponseBuffers computeValue(Class<?> shape) {
            return new ResponseBuffers(mapper.getFactory());
        }
    };

    AwsJsonCodec() {
        JsonMapper mapper = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .addModule(new SimpleModule().addSerializer(Instant.class, new EpochSecondsSerializer())
                        .addSerializer(DataDeletionJobSummary.class, new SummarySerializer()))
                .build();
        // A member named twice is refused, not read as its last value: a proxy in front may have read the first.
        mapper.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
        for (CoercionInputShape shape : new CoercionInputShape[] {
                CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean }) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        this.mapper = mapper;
    }

    /**
     * Reads a request body into its shape. An empty body is {@code {}}, as AWS accepts it.
     *
     * @throws SerializationException when the body is not a JSON object of that shape
     */
    public <T> T read(byte[] body, Class<T> shape) {
        byte[] json = body == null || body.length == 0 ? EMPTY_OBJECT : body;
        if (!isUtf8Json(json)) {
            throw new SerializationException("The request body is not UTF-8 JSON.");
        }
        ObjectReader reader = mapper.readerFor(shape);
        T value;
        try {
            value = reader.readValue(json);
        } catch (StreamConstraintsException e) {
            String problem = String.valueOf(e.getOriginalMessage());
            throw new SerializationException(problem.contains("nesting depth") ? "The request body is nested too deeply."
                    : problem.startsWith("Number") ? "The request body holds a number of more digits than any member"
                            + " takes." : "The request body holds a value longer than any member takes.");
        } catch (InputCoercionException e) {
            // A number of the right type out of its Java type's range (1e400, 2^31 for an integer).
            String member = e.getProcessor() == null ? null : e.getProcessor().getParsingContext().getCurrentName();
            throw new SerializationException(member == null ? "The request body holds a number out of range."
                    : outOfRange(member));
        } catch (JsonMappingException e) {
            throw new SerializationException(describe(e, json));
        } catch (JsonProcessingException e) {
            throw new SerializationException(String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")
                    ? "The request body names a member twice."
                    : "The request body is not valid JSON.");
        } catch (IOException e) {
            throw new SerializationException("The request body could not be read.");
        }
        if (value == null) {
            throw new SerializationException("The request body must be a JSON object.");
        }
        return value;
    }

    /** The body of {@code shape}, written straight into the buffer the response is sent from. */
    public Buffer write(Object shape) {
        try {
            return buffers.get(shape.getClass()).write(json -> mapper.writeValue(json, shape));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serialize " + shape.getClass().getSimpleName(), e);
        }
    }

    /** Names the member whose value has the wrong type, without Java type names. */
    private static String describe(JsonMappingException e, byte[] json) {
        StringBuilder member = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (member.length() > 0) {
                    member.append('.');
                }
                member.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                member.append('.').append(reference.getIndex() + 1).append(".member");
            }
        }
        if (member.length() == 0) {
            // At the root: either the body is no object, or an object is followed by more content.
            return startsWithObject(json) ? "The request body is not valid JSON." : "The request body must be a JSON object.";
        }
        if (e.getCause() instanceof InputCoercionException || String.valueOf(e.getOriginalMessage()).contains("out of range")) {
            // A number of the right JSON type, beyond its member's range (2^31 for an integer).
            return outOfRange(member.toString());
        }
        return "The value at '" + member + "' has the wrong JSON type for that member.";
    }

    private static String outOfRange(String member) {
        return "The value at '" + member + "' is out of range for that member.";
    }

    /**
     * Whether {@code json} is well-formed UTF-8 without NUL (RFC 3629: no overlong forms, no surrogates, nothing past
     * U+10FFFF). Jackson would decode an overlong {@code C0 AF} as {@code /}, and detect and read UTF-16 or UTF-32
     * (whose ASCII characters carry NULs), so a filter upstream and the service would read different text.
     */
    static boolean isUtf8Json(byte[] json) {
        int i = 0;
        while (i < json.length) {
            int b = json[i] & 0xff;
            if (b >= 0x01 && b < 0x80) {
                i++;
                continue;
            }
            int length;
            int min;
            if (b >= 0xc2 && b <= 0xdf) {
                length = 2;
                min = 0x80;
            } else if (b >= 0xe0 && b <= 0xef) {
                length = 3;
                min = 0x800;
            } else if (b >= 0xf0 && b <= 0xf4) {
                length = 4;
                min = 0x10000;
            } else {
                return false; // NUL, a continuation byte first, C0/C1 (always overlong), F5 and above
            }
            if (i + length > json.length) {
                return false;
            }
            int codePoint = b & (0x7f >> length);
            for (int k = 1; k < length; k++) {
                int next = json[i + k] & 0xff;
                if ((next & 0xc0) != 0x80) {
                    return false;
                }
                codePoint = (codePoint << 6) | (next & 0x3f);
            }
            if (codePoint < min || codePoint > 0x10ffff
                    || (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE)) {
                return false;
            }
            i += length;
        }
        return true;
    }

    private static boolean startsWithObject(byte[] json) {
        for (byte b : json) {
            if (!Character.isWhitespace(b)) {
                return b == '{';
            }
        }
        return false;
    }

    /**
     * {@code 1714675200.123}: epoch seconds with exactly three fraction digits, never in exponent notation, the
     * digits {@code BigDecimal.valueOf(millis, 3).toPlainString()} gives, without a BigDecimal and a string for each
     * of a page's two hundred timestamps.
     */
    private static final class EpochSecondsSerializer extends StdSerializer<Instant> {

        EpochSecondsSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            writeEpochSeconds(value, generator);
        }
    }

    /**
     * A list's summaries, member by member in the record's order, absent ones left out, as the bean serializer
     * writes them: that one read each member through reflection ({@code Method.invoke}), a fifth of the time the
     * JSON of a page of 100 took. {@code AwsJsonCodecTest} holds the two to the same bytes.
     */
    private static final class SummarySerializer extends StdSerializer<DataDeletionJobSummary> {

        private static final SerializedString ARN = new SerializedString("dataDeletionJobArn");
        private static final SerializedString DATASET_GROUP_ARN = new SerializedString("datasetGroupArn");
        private static final SerializedString JOB_NAME = new SerializedString("jobName");
        private static final SerializedString STATUS = new SerializedString("status");
        private static final SerializedString CREATED = new SerializedString("creationDateTime");
        private static final SerializedString UPDATED = new SerializedString("lastUpdatedDateTime");
        private static final SerializedString FAILURE_REASON = new SerializedString("failureReason");

        SummarySerializer() {
            super(DataDeletionJobSummary.class);
        }

        @Override
        public void serialize(DataDeletionJobSummary summary, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            generator.writeStartObject(summary);
            string(generator, ARN, summary.dataDeletionJobArn());
            string(generator, DATASET_GROUP_ARN, summary.datasetGroupArn());
            string(generator, JOB_NAME, summary.jobName());
            string(generator, STATUS, summary.status());
            epochSeconds(generator, CREATED, summary.creationDateTime());
            epochSeconds(generator, UPDATED, summary.lastUpdatedDateTime());
            string(generator, FAILURE_REASON, summary.failureReason());
            generator.writeEndObject();
        }

        private static void string(JsonGenerator generator, SerializedString name, String value) throws IOException {
            if (value != null) {
                generator.writeFieldName(name);
                generator.writeString(value);
            }
        }

        private static void epochSeconds(JsonGenerator generator, SerializedString name, Instant value)
                throws IOException {
            if (value != null) {
                generator.writeFieldName(name);
                writeEpochSeconds(value, generator);
            }
        }
    }

    /** The digits of {@link EpochSecondsSerializer}, for the serializers that write timestamps themselves. */
    private static void writeEpochSeconds(Instant value, JsonGenerator generator) throws IOException {
        long millis = value.toEpochMilli();
        // Digits from a negative magnitude, as Long.toString takes them: it reaches Long.MIN_VALUE, a positive one
        // does not.
        long magnitude = millis > 0 ? -millis : millis;
        char[] text = new char[24];
        int at = text.length;
        for (int i = 0; i < 3; i++) {
            text[--at] = (char) ('0' - magnitude % 10);
            magnitude /= 10;
        }
        text[--at] = '.';
        do {
            text[--at] = (char) ('0' - magnitude % 10);
            magnitude /= 10;
        } while (magnitude != 0);
        if (millis < 0) {
            text[--at] = '-';
        }
        generator.writeNumber(text, at, text.length - at);
    }
}
