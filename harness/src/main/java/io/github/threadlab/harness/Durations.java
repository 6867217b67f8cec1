package io.github.threadlab.harness;

import java.time.Duration;
import java.util.Locale;

/** Durations as people read them: "950 ms", "4.37 s". */
public final class Durations {

    private Durations() {
    }

    /** Milliseconds below 10 s, seconds with two decimals above. */
    public static String format(Duration d) {
        long millis = d.toMillis();
        if (Math.abs(millis) < 10_000) {
            return millis + " ms";
        }
        return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
    }

    /** Milliseconds, for brevity in code: {@code ms(100)}. */
    public static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
