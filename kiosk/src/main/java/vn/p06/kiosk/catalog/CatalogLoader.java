package vn.p06.kiosk.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates a catalog file ({@code catalog/services.json} format). The catalog is
 * content pushed from the fleet later, so every rule is checked here, at run time, and the first
 * broken rule is reported with the service id and the field, in words a content editor can act on.
 * Unknown fields are ignored so that a newer file still loads on an older kiosk.
 */
public final class CatalogLoader {
    /** The largest catalog accepted: the real one is about 60 KiB. */
    static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern CONTENT_ID = Pattern.compile("[a-z0-9][a-z0-9/._-]{0,127}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private CatalogLoader() {
    }

    public static Catalog parse(byte[] bytes) throws CatalogException {
        if (bytes.length > MAX_BYTES) {
            throw new CatalogException(null, null, "file is " + bytes.length + " bytes, limit " + MAX_BYTES);
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new CatalogException("not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr(), e);
        } catch (java.io.IOException e) {
            throw new CatalogException("unreadable: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new CatalogException(null, null, "the file must hold one JSON object");
        }
        String version = text(root, "version", null);
        List<ServiceGroup> groups = groups(root.get("groups"));
        Set<String> groupIds = new HashSet<>();
        groups.forEach(g -> groupIds.add(g.id()));

        JsonNode list = root.get("services");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new CatalogException(null, "services", "must be a non-empty list");
        }
        List<Service> services = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            if (!node.isObject()) {
                throw new CatalogException(null, "services[" + i + "]", "must be an object");
            }
            String id = text(node, "id", null);
            if (!ID.matcher(id).matches()) {
                throw new CatalogException(id, "id", "must be lower-case letters, digits and '-'");
            }
            if (!ids.add(id)) {
                throw new CatalogException(id, "id", "appears twice");
            }
            services.add(service(id, node, groupIds));
        }
        for (Service s : services) {
            for (String other : s.linked()) {
                if (!ids.contains(other)) {
                    throw new CatalogException(s.id(), "linked", "names unknown service '" + other + "'");
                }
                if (other.equals(s.id())) {
                    throw new CatalogException(s.id(), "linked", "must not name the service itself");
                }
            }
        }
        return new Catalog(version, groups, services);
    }

    private static List<ServiceGroup> groups(JsonNode list) throws CatalogException {
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new CatalogException(null, "groups", "must be a non-empty list");
        }
        List<ServiceGroup> groups = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode node : list) {
            String id = text(node, "id", null);
            if (!ids.add(id)) {
                throw new CatalogException(null, "groups", "group '" + id + "' appears twice");
            }
            Map<Lang, String> titles = new EnumMap<>(Lang.class);
            for (Lang lang : Lang.values()) {
                titles.put(lang, text(node, lang.code(), null, "groups[" + id + "]." + lang.code()));
            }
            groups.add(new ServiceGroup(id, titles));
        }
        return groups;
    }

    private static Service service(String id, JsonNode node, Set<String> groupIds) throws CatalogException {
        String group = text(node, "group", id);
        if (!groupIds.contains(group)) {
            throw new CatalogException(id, "group", "names unknown group '" + group + "'");
        }
        String portal = text(node, "portalUrl", id);
        try {
            URI uri = new URI(portal);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new CatalogException(id, "portalUrl", "must be an https address, got '" + portal + "'");
            }
        } catch (URISyntaxException e) {
            throw new CatalogException(id, "portalUrl", "is not an address: " + e.getReason());
        }
        String video = text(node, "video", id);
        if (!CONTENT_ID.matcher(video).matches()) {
            throw new CatalogException(id, "video", "must be a content id such as 'tutorial/" + id + "'");
        }
        Map<Lang, ServiceText> texts = new EnumMap<>(Lang.class);
        for (Lang lang : Lang.values()) {
            JsonNode t = node.get(lang.code());
            if (t == null || !t.isObject()) {
                throw new CatalogException(id, lang.code(), "is missing: every service needs Vietnamese and English text");
            }
            String p = lang.code() + ".";
            texts.put(lang, new ServiceText(
                    text(t, "title", id, p + "title"), text(t, "summary", id, p + "summary"),
                    text(t, "audience", id, p + "audience"), texts(t, "stepsOnline", id, p, false),
                    texts(t, "stepsDesk", id, p, false), texts(t, "documents", id, p, false),
                    text(t, "fees", id, p + "fees"), text(t, "timeLimit", id, p + "timeLimit")));
        }
        return new Service(id, group, text(node, "agency", id), portal, video,
                texts(node, "linked", id, "", true), texts(node, "keywords", id, "", true),
                marks(node, "placeholder", id), marks(node, "unverified", id), texts);
    }

    private static Set<String> marks(JsonNode node, String name, String id) throws CatalogException {
        Set<String> marks = new LinkedHashSet<>(texts(node, name, id, "", true));
        for (String field : marks) {
            if (!Service.MARKABLE_FIELDS.contains(field)) {
                throw new CatalogException(id, name, "names unknown field '" + field + "' (known: "
                        + new java.util.TreeSet<>(Service.MARKABLE_FIELDS) + ")");
            }
        }
        return marks;
    }

    private static String text(JsonNode node, String name, String id) throws CatalogException {
        return text(node, name, id, name);
    }

    private static String text(JsonNode node, String name, String id, String path) throws CatalogException {
        JsonNode v = node.get(name);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new CatalogException(id, path, "must be a non-empty text");
        }
        return v.asText().strip();
    }

    private static List<String> texts(JsonNode node, String name, String id, String prefix, boolean mayBeEmpty)
            throws CatalogException {
        JsonNode v = node.get(name);
        String path = prefix + name;
        if (v == null && mayBeEmpty) {
            return List.of();
        }
        if (v == null || !v.isArray() || (!mayBeEmpty && v.isEmpty())) {
            throw new CatalogException(id, path, mayBeEmpty ? "must be a list of texts" : "must be a non-empty list of texts");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                throw new CatalogException(id, path + "[" + i + "]", "must be a non-empty text");
            }
            out.add(item.asText().strip());
        }
        return out;
    }
}
