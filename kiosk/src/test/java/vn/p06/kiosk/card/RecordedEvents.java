package vn.p06.kiosk.card;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import vn.p06.kiosk.telemetry.UsageRecorder;

/** A {@link UsageRecorder} that keeps what it is given. */
final class RecordedEvents implements UsageRecorder {
    record Event(String kind, Map<String, String> attributes) {
    }

    final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void record(String kind, Map<String, String> attributes) {
        events.add(new Event(kind, Map.copyOf(attributes)));
    }

    Event last() {
        return events.get(events.size() - 1);
    }
}
