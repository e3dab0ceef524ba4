package vn.p06.kiosk.card;

/** The three MRZ fields the chip key is made of, so a wrong one can be named on screen. */
public enum MrzField {
    DOCUMENT_NUMBER("Số thẻ (9 số cuối của số định danh)", "document number"),
    DATE_OF_BIRTH("Ngày sinh", "date of birth"),
    DATE_OF_EXPIRY("Có giá trị đến", "date of expiry");

    private final String vietnamese;
    private final String english;

    MrzField(String vietnamese, String english) {
        this.vietnamese = vietnamese;
        this.english = english;
    }

    /** The label the resident sees on the card and on the keypad screen. */
    public String vietnamese() {
        return vietnamese;
    }

    public String english() {
        return english;
    }
}
