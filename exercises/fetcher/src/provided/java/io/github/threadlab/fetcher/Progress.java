package io.github.threadlab.fetcher;

import java.io.PrintStream;
import java.util.Objects;

/**
 * Course-provided: what {@link MiniAb} shows while a long run goes on, as Apache Bench does: a line
 * "Completed N requests" each time another tenth of the requests (at least 100) has ended.
 */
@FunctionalInterface
interface Progress {

    /** Shows nothing. */
    Progress SILENT = ended -> {
    };

    /** Called once for every request that ends, with how many have ended so far (1, 2, 3, ...). */
    void ended(long count);

    /**
     * Apache Bench's heartbeat: nothing for runs of 150 requests or fewer, otherwise a line on {@code out} every
     * tenth of {@code requests}, and at least every 100 requests.
     */
    static Progress everyTenth(int requests, PrintStream out) {
        Objects.requireNonNull(out, "out");
        if (requests <= 150) {
            return SILENT;
        }
        long step = Math.max(100, requests / 10);
        return ended -> {
            if (ended % step == 0) {
                out.println("Completed " + ended + " requests");
            }
        };
    }
}
