package io.github.threadlab.grader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Puts each build, its whole process tree, in Linux control groups of its own, where the grader may create them
 * (as root, or with delegated cgroups): a pids cap (a submission that starts threads without bound gets "unable
 * to create native thread" instead of exhausting the machine's process IDs), a CPU quota (a spinning submission
 * cannot take more than its share of the cores from the builds graded beside it) and a memory limit for the
 * whole tree (every JVM and the build's tmpfs, not only the heaps). Works with cgroup v1 (a hierarchy per
 * controller under /sys/fs/cgroup) and with cgroup v2 where the controllers are enabled for the grader's group.
 * Each controller that cannot be used here is left out, and {@link #describe} says which.
 */
final class BuildGroups {

    /** The caps of one build. */
    record Caps(int maxTasks, double cpus, long memoryBytes) {
    }

    private static final Path V1 = Path.of("/sys/fs/cgroup");
    private static final long CPU_PERIOD_MICROS = 100_000;

    private enum Controller {
        PIDS("pids"), CPU("cpu"), MEMORY("memory");

        final String v1Name;

        Controller(String v1Name) {
            this.v1Name = v1Name;
        }
    }

    private final Map<Controller, Path> parents;
    private final boolean v2;
    private final Caps caps;

    private BuildGroups(Map<Controller, Path> parents, boolean v2, Caps caps) {
        this.parents = parents;
        this.v2 = v2;
        this.caps = caps;
    }

    /** The controllers this machine lets the grader use, with these caps. */
    static BuildGroups detect(Caps caps) {
        Map<Controller, Path> v1 = new LinkedHashMap<>();
        for (Controller c : Controller.values()) {
            Path hierarchy = V1.resolve(c.v1Name);
            if (usable(hierarchy, v1Files(c).get(0))) {
                v1.put(c, hierarchy);
            }
        }
        if (!v1.isEmpty()) {
            return new BuildGroups(v1, false, caps);
        }
        Map<Controller, Path> v2 = new LinkedHashMap<>();
        for (Controller c : Controller.values()) {
            if (Files.exists(V1.resolve("cgroup.controllers")) && usable(V1, v2Files(c).get(0))) {
                v2.put(c, V1);
            }
        }
        return new BuildGroups(v2, true, caps);
    }

    private static boolean usable(Path hierarchy, String file) {
        Path probe = hierarchy.resolve("threadlab-grader-probe-" + UUID.randomUUID());
        try {
            Files.createDirectory(probe);
            boolean usable = Files.isWritable(probe.resolve(file)) && Files.exists(probe.resolve("cgroup.procs"));
            Files.delete(probe);
            return usable;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    boolean caps(String controller) {
        return parents.keySet().stream().anyMatch(c -> c.v1Name.equals(controller));
    }

    String describe() {
        List<String> capped = new ArrayList<>();
        List<String> not = new ArrayList<>();
        for (Controller c : Controller.values()) {
            String what = switch (c) {
                case PIDS -> "at most " + caps.maxTasks() + " threads and processes";
                case CPU -> String.format(Locale.ROOT, "%.1f CPUs", caps.cpus());
                case MEMORY -> Sandbox.mebibytes(caps.memoryBytes()) + " MB of memory (all its JVMs and tmpfs)";
            };
            (parents.containsKey(c) ? capped : not).add(what);
        }
        String text = capped.isEmpty() ? "" : "per build " + String.join(", ", capped) + " (cgroup "
                + (v2 ? "v2" : "v1") + ")";
        if (!not.isEmpty()) {
            text += (text.isEmpty() ? "" : "; ") + "NOT capped (no cgroup can be created here; run as root or with "
                    + "delegated cgroups): " + not.stream().map(w -> w.replaceFirst("^at most ", ""))
                            .collect(Collectors.joining(", "));
        }
        return text;
    }

    /** One build's groups. */
    final class Group {
        private final Map<Controller, Path> dirs;

        private Group(Map<Controller, Path> dirs) {
            this.dirs = dirs;
        }

        /** {@code command} run by a shell that first moves itself into every group of the build. */
        List<String> wrap(List<String> command) {
            String files = dirs.values().stream().distinct().map(d -> "'" + d.resolve("cgroup.procs") + "'").collect(Collectors.joining(" "));
            List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c",
                    "for f in " + files + "; do echo $$ > \"$f\" || exit 125; done; exec \"$@\"", "build-groups"));
            wrapped.addAll(command);
            return wrapped;
        }

        /** Whether the build hit its memory limit (the kernel refused it memory at least once). */
        boolean memoryExhausted() {
            Path dir = dirs.get(Controller.MEMORY);
            if (dir == null) {
                return false;
            }
            try {
                if (v2) {
                    return Files.readAllLines(dir.resolve("memory.events")).stream()
                            .anyMatch(l -> l.matches("(max|oom|oom_kill) [1-9]\\d*"));
                }
                return Long.parseLong(Files.readString(dir.resolve("memory.failcnt")).trim()) > 0;
            } catch (IOException | NumberFormatException e) {
                return false;
            }
        }

        /** Removes the groups once their processes are gone (the kernel refuses while any is left). */
        void remove() {
            dirs.values().stream().distinct().forEach(BuildGroups::removeWhenEmpty);
        }
    }

    /** Fresh groups for one build, or empty when no controller can be used. */
    Optional<Group> newGroup() {
        if (parents.isEmpty()) {
            return Optional.empty();
        }
        String name = "threadlab-grader-" + UUID.randomUUID();
        Map<Controller, Path> dirs = new LinkedHashMap<>();
        try {
            for (Map.Entry<Controller, Path> e : parents.entrySet()) {
                Path dir = e.getValue().resolve(name);
                if (!Files.isDirectory(dir)) {
                    Files.createDirectory(dir);
                }
                dirs.put(e.getKey(), dir);
                write(dir, e.getKey(), v2);
            }
            return Optional.of(new Group(dirs));
        } catch (IOException e) {
            dirs.values().stream().distinct().forEach(BuildGroups::removeWhenEmpty);
            return Optional.empty();
        }
    }

    private void write(Path dir, Controller c, boolean v2) throws IOException {
        List<String> files = v2 ? v2Files(c) : v1Files(c);
        long quota = Math.max(1000, Math.round(caps.cpus() * CPU_PERIOD_MICROS));
        switch (c) {
            case PIDS -> Files.writeString(dir.resolve(files.get(0)), String.valueOf(caps.maxTasks()));
            case CPU -> {
                // A group competes for the CPU as one entity, where its threads outside a group would each count:
                // its weight is that of two busy threads per core of its quota, so that a build in its group is
                // not starved on a machine busy with other work. Builds have equal weights among themselves.
                long weight = Math.max(1, Math.round(2 * caps.cpus()));
                if (v2) {
                    Files.writeString(dir.resolve(files.get(0)), quota + " " + CPU_PERIOD_MICROS);
                    writeIfThere(dir.resolve("cpu.weight"), String.valueOf(Math.min(10_000, 100 * weight)));
                } else {
                    Files.writeString(dir.resolve("cpu.cfs_period_us"), String.valueOf(CPU_PERIOD_MICROS));
                    Files.writeString(dir.resolve(files.get(0)), String.valueOf(quota));
                    writeIfThere(dir.resolve("cpu.shares"), String.valueOf(1024 * weight));
                }
            }
            case MEMORY -> {
                Files.writeString(dir.resolve(files.get(0)), String.valueOf(caps.memoryBytes()));
                // No swap beyond the limit, where the kernel accounts for it.
                Path swap = dir.resolve(v2 ? "memory.swap.max" : "memory.memsw.limit_in_bytes");
                if (Files.isWritable(swap)) {
                    try {
                        Files.writeString(swap, v2 ? "0" : String.valueOf(caps.memoryBytes()));
                    } catch (IOException e) {
                        // swap accounting off: nothing to limit
                    }
                }
            }
            default -> throw new IllegalStateException(c.toString());
        }
    }

    private static void writeIfThere(Path file, String value) {
        if (Files.isWritable(file)) {
            try {
                Files.writeString(file, value);
            } catch (IOException e) {
                // the default weight, then
            }
        }
    }

    private static List<String> v1Files(Controller c) {
        return switch (c) {
            case PIDS -> List.of("pids.max");
            case CPU -> List.of("cpu.cfs_quota_us");
            case MEMORY -> List.of("memory.limit_in_bytes");
        };
    }

    private static List<String> v2Files(Controller c) {
        return switch (c) {
            case PIDS -> List.of("pids.max");
            case CPU -> List.of("cpu.max");
            case MEMORY -> List.of("memory.max");
        };
    }

    private static void removeWhenEmpty(Path group) {
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
