package vn.p06.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import vn.p06.protocol.ProtocolException.Reason;

/**
 * The one codec of protocol v1, used by the kiosk and the fleet server alike.
 * <p>
 * Decoding checks, in this order and before any field is trusted: size, JSON well-formedness,
 * version, type, the envelope fields, the body; then, when a topic is given, that the topic is a
 * kiosk topic, that its channel carries this type and that its kiosk is the sender. Each failure
 * is a {@link ProtocolException} with its {@link Reason}.
 */
public final class Codec {

    /** Largest payload accepted, checked before parsing (a 500-event batch is ~60 KiB). */
    public static final int MAX_PAYLOAD_BYTES = 128 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            // A body field added later within v1 is ignored by an older reader (tolerant reader);
            // anything that changes meaning bumps the version instead.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Codec() {
    }

    public static byte[] encode(Envelope envelope) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("v", envelope.version());
        node.put("type", envelope.type().wireName());
        node.put("id", envelope.id());
        node.put("kiosk", envelope.kioskId());
        node.put("ts", envelope.timestamp());
        node.put("seq", envelope.sequence());
        node.set("body", MAPPER.valueToTree(envelope.body()));
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + envelope.type(), e);
        }
    }

    /** Decodes a payload received on {@code topic} and checks it belongs there. */
    public static Envelope decode(String topic, byte[] payload) throws ProtocolException {
        Topics.TopicRef ref = Topics.parse(topic)
                .orElseThrow(() -> new ProtocolException(Reason.UNKNOWN_TOPIC, "not a kiosk/v1 topic: " + topic));
        Envelope envelope = decode(payload);
        if (envelope.type().channel() != ref.channel()) {
            throw new ProtocolException(Reason.WRONG_CHANNEL,
                    envelope.type().wireName() + " message on channel " + ref.channel().suffix());
        }
        if (!envelope.kioskId().equals(ref.kioskId())) {
            throw new ProtocolException(Reason.KIOSK_MISMATCH,
                    "message says kiosk " + envelope.kioskId() + " on the topic of kiosk " + ref.kioskId());
        }
        return envelope;
    }

    /** Decodes a payload without a topic (files, HTTP bodies). */
    public static Envelope decode(byte[] payload) throws ProtocolException {
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new ProtocolException(Reason.TOO_LARGE,
                    payload.length + " bytes, at most " + MAX_PAYLOAD_BYTES);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new ProtocolException(Reason.MALFORMED, "not JSON: " + firstLine(e));
        }
        if (root == null || !root.isObject()) {
            throw new ProtocolException(Reason.MALFORMED, "not a JSON object");
        }
        JsonNode v = root.get("v");
        if (v == null || !v.isInt()) {
            throw new ProtocolException(Reason.MALFORMED, "field v (protocol version) missing or not an integer");
        }
        if (v.intValue() != Envelope.CURRENT_VERSION) {
            throw new ProtocolException(Reason.UNKNOWN_VERSION,
                    "version " + v.intValue() + ", this side speaks " + Envelope.CURRENT_VERSION);
        }
        String typeName = text(root, "type");
        MessageType type = MessageType.fromWireName(typeName)
                .orElseThrow(() -> new ProtocolException(Reason.UNKNOWN_TYPE, "type " + typeName));
        JsonNode bodyNode = root.get("body");
        if (bodyNode == null || !bodyNode.isObject()) {
            throw new ProtocolException(Reason.MALFORMED, "field body missing or not an object");
        }
        try {
            Body body = MAPPER.treeToValue(bodyNode, type.bodyClass());
            return new Envelope(v.intValue(), text(root, "id"), text(root, "kiosk"),
                    number(root, "ts"), number(root, "seq"), body);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Reason.INVALID, e.getMessage());
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException) {
                throw new ProtocolException(Reason.INVALID, cause.getMessage());
            }
            throw new ProtocolException(Reason.INVALID, type.wireName() + " body: " + firstLine(e));
        }
    }

    private static String text(JsonNode root, String field) throws ProtocolException {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual()) {
            throw new ProtocolException(Reason.MALFORMED, "field " + field + " missing or not a string");
        }
        return node.textValue();
    }

    private static long number(JsonNode root, String field) throws ProtocolException {
        JsonNode node = root.get(field);
        if (node == null || !node.canConvertToLong() || !node.isIntegralNumber()) {
            throw new ProtocolException(Reason.MALFORMED, "field " + field + " missing or not an integer");
        }
        return node.longValue();
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
