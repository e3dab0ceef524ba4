package vn.p06.kiosk.print;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The few IPP/1.1 operations the kiosk needs from CUPS (RFC 8010/8011): Print-Job, Get-Job-Attributes,
 * Get-Printer-Attributes, Cancel-Job. Why not javax.print: it cannot tell a job's id nor its end,
 * and it returns null for printer-state and printer-state-reasons (shared/recipes/peripherals.md),
 * which are exactly what the kiosk must report; a general IPP library would be larger than these
 * four requests.
 */
final class Ipp {
    static final int PRINT_JOB = 0x0002;
    static final int CANCEL_JOB = 0x0008;
    static final int GET_JOB_ATTRIBUTES = 0x0009;
    static final int GET_PRINTER_ATTRIBUTES = 0x000B;
    /** client-error-not-found: the queue (or job) does not exist. */
    static final int NOT_FOUND = 0x0406;

    private static final int TAG_OPERATION = 0x01;
    private static final int TAG_END = 0x03;
    private static final int TAG_INTEGER = 0x21;
    private static final int TAG_BOOLEAN = 0x22;
    private static final int TAG_ENUM = 0x23;
    private static final int TAG_NAME = 0x42;
    private static final int TAG_KEYWORD = 0x44;
    private static final int TAG_URI = 0x45;
    private static final int TAG_CHARSET = 0x47;
    private static final int TAG_LANGUAGE = 0x48;
    private static final int TAG_MIME = 0x49;

    /** One answer: the status code and every attribute by name (multi-valued ones in order). */
    record Response(int status, Map<String, List<String>> attributes) {
        boolean ok() {
            return status < 0x0100;
        }

        String first(String name) {
            List<String> v = attributes.get(name);
            return v == null || v.isEmpty() ? "" : v.get(0);
        }

        List<String> all(String name) {
            return attributes.getOrDefault(name, List.of());
        }
    }

    /** A request under construction: the operation attributes, in order. */
    static final class Request {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        Request(int operation, String printerUri) {
            try {
                out.writeShort(0x0101); // IPP/1.1: what CUPS and every IPP printer speak
                out.writeShort(operation);
                out.writeInt(1);
                out.writeByte(TAG_OPERATION);
            } catch (IOException e) {
                throw new IllegalStateException(e); // a byte array does not fail
            }
            text(TAG_CHARSET, "attributes-charset", "utf-8");
            text(TAG_LANGUAGE, "attributes-natural-language", "en");
            text(TAG_URI, "printer-uri", printerUri);
        }

        Request name(String name, String value) {
            return text(TAG_NAME, name, value);
        }

        Request mime(String name, String value) {
            return text(TAG_MIME, name, value);
        }

        Request integer(String name, int value) {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            try {
                out.writeByte(TAG_INTEGER);
                out.writeShort(n.length);
                out.write(n);
                out.writeShort(4);
                out.writeInt(value);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return this;
        }

        Request bool(String name, boolean value) {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            try {
                out.writeByte(TAG_BOOLEAN);
                out.writeShort(n.length);
                out.write(n);
                out.writeShort(1);
                out.writeByte(value ? 1 : 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return this;
        }

        /** requested-attributes: the first value names the attribute, the rest are additional values. */
        Request requested(String... keywords) {
            for (int i = 0; i < keywords.length; i++) {
                text(TAG_KEYWORD, i == 0 ? "requested-attributes" : "", keywords[i]);
            }
            return this;
        }

        private Request text(int tag, String name, String value) {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            try {
                out.writeByte(tag);
                out.writeShort(n.length);
                out.write(n);
                out.writeShort(v.length);
                out.write(v);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return this;
        }

        byte[] end() {
            bytes.write(TAG_END);
            return bytes.toByteArray();
        }
    }

    private Ipp() {
    }

    /**
     * POSTs the request (and the document, if any) to the IPP endpoint over HTTP.
     *
     * @throws IOException the server did not answer (CUPS not running) or answered with garbage
     */
    static Response send(URI endpoint, Request request, byte[] document, Duration timeout) throws IOException {
        HttpURLConnection c = (HttpURLConnection) endpoint.toURL().openConnection();
        c.setConnectTimeout((int) timeout.toMillis());
        c.setReadTimeout((int) timeout.toMillis());
        c.setDoOutput(true);
        c.setRequestMethod("POST");
        c.setRequestProperty("Content-Type", "application/ipp");
        byte[] head = request.end();
        c.setFixedLengthStreamingMode((long) head.length + (document == null ? 0 : document.length));
        try (OutputStream out = c.getOutputStream()) {
            out.write(head);
            if (document != null) {
                out.write(document);
            }
        }
        if (c.getResponseCode() != 200) {
            throw new IOException("IPP endpoint " + endpoint + " answered HTTP " + c.getResponseCode());
        }
        try (InputStream in = c.getInputStream()) {
            return parse(in.readAllBytes());
        }
    }

    static Response parse(byte[] body) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        try {
            in.readUnsignedShort(); // version
            int status = in.readUnsignedShort();
            in.readInt(); // request id
            Map<String, List<String>> attributes = new LinkedHashMap<>();
            String last = null;
            for (int tag = in.read(); tag != TAG_END; tag = in.read()) {
                if (tag < 0) {
                    throw new EOFException("IPP response without end tag");
                }
                if (tag < 0x10) {
                    continue; // the start of an attribute group
                }
                String name = new String(in.readNBytes(in.readUnsignedShort()), StandardCharsets.UTF_8);
                byte[] value = in.readNBytes(in.readUnsignedShort());
                if (!name.isEmpty()) {
                    last = name;
                }
                if (last != null) {
                    attributes.computeIfAbsent(last, k -> new ArrayList<>()).add(decode(tag, value));
                }
            }
            return new Response(status, attributes);
        } catch (EOFException e) {
            throw new IOException("truncated IPP response", e);
        }
    }

    private static String decode(int tag, byte[] value) {
        if ((tag == TAG_INTEGER || tag == TAG_ENUM) && value.length == 4) {
            return Integer.toString(((value[0] & 0xFF) << 24) | ((value[1] & 0xFF) << 16)
                    | ((value[2] & 0xFF) << 8) | (value[3] & 0xFF));
        }
        if (tag == TAG_BOOLEAN && value.length == 1) {
            return Boolean.toString(value[0] != 0);
        }
        return new String(value, StandardCharsets.UTF_8);
    }
}
