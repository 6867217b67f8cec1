package io.github.threadlab.grader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Caps the number of threads and processes a submission's build may have at once, with a Linux pids control
 * group when the grader may create one (cgroup v1's pids hierarchy or cgroup v2 with the pids controller; as root
 * in most containers and CI runners). A submission that starts threads without bound then fails to start more
 * ("unable to create native thread") instead of exhausting the machine's process IDs, which every other process,
 * including the other builds, needs. Where no pids group can be made, builds run uncapped and the grader says so.
 */
final class ThreadCap {

    private static final List<Path> HIERARCHIES = List.of(Path.of("/sys/fs/cgroup/pids"), Path.of("/sys/fs/cgroup"));

    private final Optional<Path> parent;
    private final int maxTasks;

    private ThreadCap(Optional<Path> parent, int maxTasks) {
        this.parent = parent;
        this.maxTasks = maxTasks;
    }

    /** A cap of {@code maxTasks} threads and processes per build, if this machine lets the grader set one. */
    static ThreadCap detect(int maxTasks) {
        for (Path hierarchy : HIERARCHIES) {
            Path probe = hierarchy.resolve("threadlab-grader-probe-" + UUID.randomUUID());
            try {
                Files.createDirectory(probe);
                boolean usable = Files.isWritable(probe.resolve("pids.max")) && Files.exists(probe.resolve("cgroup.procs"));
                Files.delete(probe);
                if (usable) {
                    return new ThreadCap(Optional.of(hierarchy), maxTasks);
                }
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                // not this one
            }
        }
        return new ThreadCap(Optional.empty(), maxTasks);
    }

    boolean available() {
        return parent.isPresent();
    }

    String describe() {
        return parent.map(p -> "at most " + maxTasks + " threads and processes per build (pids cgroup under " + p + ")")
                .orElse("threads per build not capped (no pids cgroup can be created here)");
    }

    /** A fresh group for one build, or empty; the command runs inside it when prefixed with {@link #wrap}. */
    Optional<Path> newGroup() {
        if (parent.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path group = Files.createDirectory(parent.get().resolve("threadlab-grader-" + UUID.randomUUID()));
            Files.writeString(group.resolve("pids.max"), String.valueOf(maxTasks));
            return Optional.of(group);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@code command} run by a shell that first moves itself into {@code group}. */
    static List<String> wrap(Path group, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c",
                "echo $$ > \"$0\" && exec \"$@\"", group.resolve("cgroup.procs").toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Removes a group once its processes are gone (the kernel refuses while any is left). */
    static void remove(Path group) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                Files.deleteIfExists(group);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
