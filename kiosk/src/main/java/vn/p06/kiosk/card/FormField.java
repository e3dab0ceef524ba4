package vn.p06.kiosk.card;

/** The service-form fields the card can fill. Labels are what the Vietnamese forms print. */
public enum FormField {
    FULL_NAME("Họ, chữ đệm và tên"),
    ID_NUMBER("Số định danh cá nhân"),
    DATE_OF_BIRTH("Ngày, tháng, năm sinh"),
    SEX("Giới tính"),
    NATIONALITY("Quốc tịch"),
    ETHNICITY("Dân tộc"),
    RELIGION("Tôn giáo"),
    PLACE_OF_ORIGIN("Quê quán"),
    PLACE_OF_RESIDENCE("Nơi thường trú"),
    DATE_OF_ISSUE("Ngày cấp"),
    DATE_OF_EXPIRY("Có giá trị đến"),
    FATHER_NAME("Họ và tên cha"),
    MOTHER_NAME("Họ và tên mẹ"),
    SPOUSE_NAME("Họ và tên vợ/chồng"),
    OLD_ID_NUMBER("Số CMND cũ");

    private final String label;

    FormField(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
