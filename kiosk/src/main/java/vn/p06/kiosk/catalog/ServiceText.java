package vn.p06.kiosk.catalog;

import java.util.List;

/** What the resident reads about one service, in one language. */
public record ServiceText(String title, String summary, String audience, List<String> stepsOnline,
                          List<String> stepsDesk, List<String> documents, String fees, String timeLimit) {
    public ServiceText {
        stepsOnline = List.copyOf(stepsOnline);
        stepsDesk = List.copyOf(stepsDesk);
        documents = List.copyOf(documents);
    }
}
