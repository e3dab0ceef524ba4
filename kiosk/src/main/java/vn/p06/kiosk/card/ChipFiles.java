package vn.p06.kiosk.card;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The raw files read from the chip (EF.COM, EF.SOD, data groups by number); owns the arrays so it can zero them. */
final class ChipFiles {
    private byte[] com;
    private byte[] sod;
    private final Map<Integer, byte[]> dataGroups = new TreeMap<>();

    void com(byte[] bytes) {
        com = bytes;
    }

    void sod(byte[] bytes) {
        sod = bytes;
    }

    void dataGroup(int number, byte[] bytes) {
        dataGroups.put(number, bytes);
    }

    byte[] com() {
        return com;
    }

    byte[] sod() {
        return sod;
    }

    byte[] dataGroup(int number) {
        return dataGroups.get(number);
    }

    Map<Integer, byte[]> dataGroups() {
        return Collections.unmodifiableMap(dataGroups);
    }

    int totalBytes() {
        int n = (com == null ? 0 : com.length) + (sod == null ? 0 : sod.length);
        for (byte[] b : dataGroups.values()) {
            n += b.length;
        }
        return n;
    }

    void wipe() {
        zero(com);
        zero(sod);
        dataGroups.values().forEach(ChipFiles::zero);
        dataGroups.clear();
        com = null;
        sod = null;
    }

    private static void zero(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }
}
