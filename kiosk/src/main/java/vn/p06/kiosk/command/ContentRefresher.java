package vn.p06.kiosk.command;

/** Port the content updater implements: fetch and apply the desired release now. */
@FunctionalInterface
public interface ContentRefresher {

    /** @return what was done, for the command's detail; throws with the reason when it could not */
    String refresh() throws Exception;

    /** Kiosks without a content store (simulated ones). */
    ContentRefresher UNAVAILABLE = () -> {
        throw new UnsupportedOperationException("content updates not available on this kiosk version");
    };
}
