package io.github.threadlab.grader;

import java.time.Duration;
import java.util.List;

/** Ends a process and everything it started: a Maven build leaves its forked test JVM behind otherwise. */
final class ProcessTree {

    private ProcessTree() {
    }

    /** Kills the descendants first (so none is re-parented and missed), then the process, and waits a little. */
    static void kill(ProcessHandle root) {
        List<ProcessHandle> descendants = root.descendants().toList();
        descendants.forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
        for (ProcessHandle p : descendants) {
            p.onExit().completeOnTimeout(p, Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .join();
        }
        root.onExit().completeOnTimeout(root, 10, java.util.concurrent.TimeUnit.SECONDS).join();
    }
}
