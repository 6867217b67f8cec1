package io.github.threadlab.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A set of JDK feature releases, as a corpus header writes it: {@code 21}, {@code 21-24}, {@code 25+}, or a
 * comma-separated list of those ({@code 21, 23}). {@link #ANY} stands for "every release" (no such line).
 *
 * @param text   what the header said, for messages; empty for {@link #ANY}
 * @param ranges inclusive ranges {@code [from, to]}; empty for {@link #ANY}
 */
record Releases(String text, List<int[]> ranges) {

    static final Releases ANY = new Releases("", List.of());

    private static final Pattern RANGE = Pattern.compile("(\\d+)\\s*(?:(-)\\s*(\\d+)|(\\+))?");

    /** The releases {@code text} names, or null when it is not such a list. */
    static Releases parse(String text) {
        List<int[]> ranges = new ArrayList<>();
        for (String part : text.split(",")) {
            Matcher m = RANGE.matcher(part.strip());
            if (!m.matches()) {
                return null;
            }
            int from = Integer.parseInt(m.group(1));
            int to = m.group(2) != null ? Integer.parseInt(m.group(3)) : m.group(4) != null ? Integer.MAX_VALUE : from;
            if (from > to) {
                return null;
            }
            ranges.add(new int[] {from, to});
        }
        return new Releases(text.strip(), List.copyOf(ranges));
    }

    boolean isAny() {
        return ranges.isEmpty();
    }

    /** Whether {@code release} is one of these (always, for {@link #ANY}). */
    boolean contains(int release) {
        return isAny() || ranges.stream().anyMatch(r -> r[0] <= release && release <= r[1]);
    }

    @Override
    public String toString() {
        return isAny() ? "any" : text;
    }
}
