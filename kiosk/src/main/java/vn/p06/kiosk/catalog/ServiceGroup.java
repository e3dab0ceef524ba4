package vn.p06.kiosk.catalog;

import java.util.Map;

/** A tile on the home screen: identity, residence, civil status, ... */
public record ServiceGroup(String id, Map<Lang, String> titles) {
    public ServiceGroup {
        titles = Map.copyOf(titles);
    }

    public String title(Lang lang) {
        return titles.get(lang);
    }
}
