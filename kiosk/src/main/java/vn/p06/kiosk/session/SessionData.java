package vn.p06.kiosk.session;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Everything a resident entered during one visit: the search text, the ticked checklist items and
 * the rating. It lives only in memory and is wiped when the session ends, so the next resident
 * sees nothing of the previous one.
 */
public final class SessionData {
    private String searchText = "";
    private final Map<String, Set<Integer>> ticked = new HashMap<>();
    private Integer rating;

    public String searchText() {
        return searchText;
    }

    public void searchText(String text) {
        this.searchText = text == null ? "" : text;
    }

    public boolean isTicked(String serviceId, int item) {
        return ticked.getOrDefault(serviceId, Set.of()).contains(item);
    }

    public void tick(String serviceId, int item, boolean on) {
        Set<Integer> items = ticked.computeIfAbsent(serviceId, k -> new HashSet<>());
        if (on) {
            items.add(item);
        } else {
            items.remove(item);
        }
    }

    public OptionalInt rating() {
        return rating == null ? OptionalInt.empty() : OptionalInt.of(rating);
    }

    void rating(int value) {
        this.rating = value;
    }

    /** True when nothing entered remains. */
    public boolean isEmpty() {
        return searchText.isEmpty() && ticked.values().stream().allMatch(Set::isEmpty) && rating == null;
    }

    void wipe() {
        searchText = "";
        ticked.clear();
        rating = null;
    }
}
