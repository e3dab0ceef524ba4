package vn.p06.fleet.content;

/**
 * The one byte range a blob request asks for ({@code Range: bytes=first-last}, {@code bytes=first-}
 * or {@code bytes=-suffix}). Several ranges or a syntax this does not read fall back to the whole
 * file, which RFC 9110 allows a server to do; a range wholly past the end is unsatisfiable (416).
 */
record ByteRange(long first, long last, boolean partial, boolean unsatisfiable) {

    static ByteRange whole(long size) {
        return new ByteRange(0, size - 1, false, false);
    }

    long length() {
        return last - first + 1;
    }

    static ByteRange parse(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.contains(",")) {
            return whole(size);
        }
        String spec = header.substring("bytes=".length()).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return whole(size);
        }
        try {
            String from = spec.substring(0, dash).strip();
            String to = spec.substring(dash + 1).strip();
            if (from.isEmpty()) {
                long suffix = Long.parseLong(to);
                if (suffix <= 0 || size == 0) {
                    return new ByteRange(0, -1, false, true);
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1, true, false);
            }
            long first = Long.parseLong(from);
            long last = to.isEmpty() ? size - 1 : Math.min(Long.parseLong(to), size - 1);
            if (first < 0 || (!to.isEmpty() && Long.parseLong(to) < first)) {
                return whole(size);
            }
            if (first >= size) {
                return new ByteRange(0, -1, false, true);
            }
            return new ByteRange(first, last, true, false);
        } catch (NumberFormatException e) {
            return whole(size);
        }
    }
}
