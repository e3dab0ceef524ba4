package vn.p06.kiosk.catalog;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One of the essential public services, as content.
 *
 * @param videoId     content id of the tutorial video (the content pipeline delivers the file)
 * @param linked      ids of services that are often done together with this one
 * @param keywords    extra search words without diacritics (old names such as "ho khau", "cmnd")
 * @param placeholder fields whose text is a stand-in (fact unknown), e.g. {@code fees}
 * @param unverified  fields written from best knowledge, not checked against the official text
 */
public record Service(String id, String group, String agency, String portalUrl, String videoId,
                      List<String> linked, List<String> keywords, Set<String> placeholder,
                      Set<String> unverified, Map<Lang, ServiceText> texts) {

    /** Field names that {@link #placeholder} and {@link #unverified} may name. */
    public static final Set<String> MARKABLE_FIELDS = Set.of("title", "summary", "audience", "stepsOnline",
            "stepsDesk", "documents", "fees", "timeLimit", "portalUrl", "video", "linked");

    public Service {
        linked = List.copyOf(linked);
        keywords = List.copyOf(keywords);
        placeholder = Set.copyOf(placeholder);
        unverified = Set.copyOf(unverified);
        texts = Map.copyOf(texts);
    }

    public ServiceText text(Lang lang) {
        return texts.get(lang);
    }

    /** True when the resident should be told this field is not confirmed. */
    public boolean uncertain(String field) {
        return placeholder.contains(field) || unverified.contains(field);
    }
}
