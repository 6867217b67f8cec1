package io.github.threadlab.grader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs a build under bubblewrap ({@code bwrap}, Debian's and most distributions' package {@code bubblewrap}): its
 * own network namespace (a loopback of its own, so the tests' local HTTP server works and nothing else is
 * reachable), its own PID namespace (no other process is visible or can be signalled), no capabilities, a fresh
 * environment, and a file system made of read-only binds of what a build reads (the system's programs and
 * libraries, the JDKs, the Maven wrapper's distribution, the warmed Maven repository, the assembled workspace) and
 * size-capped tmpfs for everything it writes: the workspace's {@code target}, {@code /tmp} and the home folder.
 * Nothing else of the grading machine is there: not the instructor's home, the other submissions, the output
 * folder or the hidden tests' folder.
 *
 * <p>The capped {@code target} lives only as long as the sandbox. After the build, a script inside the sandbox
 * ends whatever the build left running and then writes the reports the grader reads (surefire's XML reports and
 * the harness's results.json), framed, to a descriptor that the build itself never had; {@link ReportsChannel}
 * puts them back into the host's workspace.
 */
final class Sandbox {

    /** /etc entries a JVM and the Maven wrapper need: the dynamic linker's cache, users, name lookup, the JDKs'
     * configuration (Debian links a JDK's conf/ to /etc/java-N-openjdk) and alternatives (/usr/bin/java). */
    private static final List<String> ETC = List.of("alternatives", "ld.so.cache", "ld.so.conf", "ld.so.conf.d",
            "passwd", "group", "nsswitch.conf", "hosts", "host.conf", "localtime", "timezone", "mavenrc");
    private static final Pattern JDK_HOME = Pattern.compile("<jdkHome>\\s*([^<]+?)\\s*</jdkHome>");

    /**
     * Inside the sandbox: run the build ("$@" after the mode) without descriptor 3, end everything it left behind,
     * then, in mode "stream", write each report as "size path\n" and its bytes to descriptor 3 (the process's
     * stderr), and exit with the build's status.
     */
    private static final String SCRIPT = """
            exec 3>&2 2>&1
            mode=$1
            shift
            "$@" 3>&-
            status=$?
            kill -KILL -1 2>/dev/null
            [ "$mode" = stream ] && cd target 2>/dev/null || exit $status
            for f in threadlab/results.json surefire-reports/TEST-*.xml; do
              [ -f "$f" ] && printf '%s %s\\n' "$(wc -c < "$f")" "$f" >&3 && cat "$f" >&3
            done
            exit $status
            """;

    private final Path bwrap;
    private final Path mavenRepository;
    private final DiskCap disk;
    private final boolean trusted;

    private Sandbox(Path bwrap, Path mavenRepository, DiskCap disk, boolean trusted) {
        this.bwrap = bwrap;
        this.mavenRepository = mavenRepository;
        this.disk = disk;
        this.trusted = trusted;
    }

    /**
     * The same sandbox for the pristine course's own build, which runs no student code: its workspace is written
     * in place (the scan compiles submissions against its target/classes), not into a capped tmpfs.
     */
    Sandbox trusted() {
        return new Sandbox(bwrap, mavenRepository, disk, true);
    }

    /**
     * How much a build may write, in bytes: {@code build} for its workspace's target (compiled classes, reports,
     * the tests' output) and its temporary files together (surefire buffers the tests' output there),
     * {@code home} for its home and again for /tmp (the JVMs' perf data).
     */
    record DiskCap(long build, long home) {
        long total() {
            return build + 2 * home;
        }
    }

    /** Whether the build's reports come out on the process's stderr ({@link ReportsChannel}), not in place. */
    boolean streamsReports() {
        return !trusted;
    }

    /** The most a build's reports can weigh: what its capped tmpfs holds. */
    long maxReportBytes() {
        return disk.build();
    }

    /** The sandbox, if {@code bwrap} is on the PATH and works here (a trial run of {@code true}). */
    static Optional<Sandbox> detect(Path mavenRepository, DiskCap disk) {
        Optional<Path> bwrap = onPath("bwrap");
        if (bwrap.isEmpty()) {
            return Optional.empty();
        }
        Sandbox sandbox = new Sandbox(bwrap.get(), mavenRepository, disk, false);
        try {
            List<String> trial = new ArrayList<>(List.of(bwrap.get().toString(), "--unshare-net", "--unshare-pid",
                    "--die-with-parent", "--cap-drop", "ALL"));
            trial.addAll(sandbox.systemBinds());
            trial.addAll(List.of("--", "true"));
            Process p = new ProcessBuilder(trial).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? Optional.of(sandbox) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** What to tell the instructor when there is no sandbox: loud, once, with the fix. */
    static String missing() {
        return """
                WARNING: bubblewrap (bwrap) is not installed or does not work here: submissions are NOT sandboxed.
                WARNING: their code runs with this user's rights, reaches the network and sees every process and file.
                WARNING: install it (Debian/Ubuntu: sudo apt-get install bubblewrap; Fedora: sudo dnf install bubblewrap)
                WARNING: and grade again, or grade in a throw-away container or VM without secrets.""";
    }

    String describe() {
        return "sandboxed with " + bwrap + " (no network but its own loopback, no other process, read-only system, "
                + "JDK, Maven repository and course; writes capped at " + mebibytes(disk.total()) + " MB)";
    }

    /**
     * {@code command} run in the sandbox, in {@code workspace}, with only {@code environment}. The host's
     * {@code workspace/target} must exist (an empty mount point); it stays empty but for the reports the grader
     * reads, which {@link ReportsChannel#unpack} writes from the process's stderr. {@code compiledTests}, when
     * given, is the build's {@code target/test-classes}, read-only.
     */
    List<String> wrap(Path workspace, Optional<Path> compiledTests, List<String> command,
            Map<String, String> environment) throws IOException {
        Path ws = workspace.toAbsolutePath().normalize();
        Files.createDirectories(ws.resolve("target"));
        List<String> args = new ArrayList<>(List.of(bwrap.toString(),
                "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--die-with-parent",
                "--new-session", "--cap-drop", "ALL", "--clearenv"));
        args.addAll(systemBinds());
        Path home = Path.of(System.getProperty("user.home")).toAbsolutePath().normalize();
        // Binds after the tmpfs they may lie in (a JDK in ~/.jdks, the repository in ~/.m2, a workspace in /tmp).
        // An untrusted build's temporary files go to its target (below); /tmp keeps only the JVMs' perf data.
        args.addAll(tmpfs(trusted ? disk.build() : disk.home(), Path.of("/tmp")));
        args.addAll(tmpfs(disk.home(), home));
        for (Path jdk : jdks()) {
            if (!jdk.startsWith("/usr")) {
                args.addAll(List.of("--ro-bind", jdk.toString(), jdk.toString()));
            }
        }
        // Which JDK Maven runs on is the caller's to say, in the environment (MavenBuild: the grader's own).
        // The Maven wrapper's unpacked distribution, and the JDKs Maven's toolchains know; not settings.xml.
        Path mavenUserHome = Optional.ofNullable(System.getenv("MAVEN_USER_HOME")).map(Path::of)
                .orElse(home.resolve(".m2"));
        args.addAll(roBindTry(mavenUserHome.resolve("wrapper")));
        args.addAll(roBindTry(home.resolve(".m2/toolchains.xml")));
        args.addAll(roBindTry(home.resolve(".m2/discovered-jdk-toolchains-cache.xml")));
        args.addAll(List.of("--ro-bind", mavenRepository.toString(), mavenRepository.toString()));
        if (trusted) {
            args.addAll(List.of("--bind", ws.toString(), ws.toString()));
        } else {
            args.addAll(List.of("--ro-bind", ws.toString(), ws.toString()));
            // One capped tmpfs for what the build writes: target, and its temporary files (surefire buffers the
            // tests' output there) in target/tmp.
            args.addAll(tmpfs(disk.build(), ws.resolve("target")));
            String tmp = ws.resolve("target/tmp").toString();
            args.addAll(List.of("--dir", tmp, "--setenv", "TMPDIR", tmp));
            if (compiledTests.isPresent()) {
                args.addAll(List.of("--ro-bind", compiledTests.get().toAbsolutePath().normalize().toString(),
                        ws.resolve("target/test-classes").toString()));
            }
            environment = new java.util.LinkedHashMap<>(environment);
            environment.merge("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp, (a, b) -> a + " " + b);
        }
        // The sandbox's root is a tmpfs of bubblewrap's, uncapped: read-only once the mounts are in place.
        args.addAll(List.of("--remount-ro", "/"));
        args.addAll(List.of("--chdir", ws.toString(), "--setenv", "HOME", home.toString(),
                "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin"));
        if (!mavenUserHome.equals(home.resolve(".m2"))) {
            args.addAll(List.of("--setenv", "MAVEN_USER_HOME", mavenUserHome.toString()));
        }
        environment.forEach((name, value) -> args.addAll(List.of("--setenv", name, value)));
        args.addAll(List.of("--", "/bin/sh", "-c", SCRIPT, "sandboxed-build", streamsReports() ? "stream" : "in-place"));
        args.addAll(command);
        return args;
    }

    /** Programs, libraries and the little of /etc they need, read-only; a fresh /proc and /dev. */
    private List<String> systemBinds() {
        List<String> args = new ArrayList<>(List.of("--ro-bind", "/usr", "/usr", "--proc", "/proc", "--dev", "/dev"));
        for (String top : List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32")) {
            Path p = Path.of("/", top);
            if (Files.isSymbolicLink(p)) {
                try {
                    args.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), p.toString()));
                } catch (IOException e) {
                    // leave it out
                }
            } else if (Files.isDirectory(p)) {
                args.addAll(List.of("--ro-bind", p.toString(), p.toString()));
            }
        }
        for (String entry : ETC) {
            args.addAll(roBindTry(Path.of("/etc", entry)));
        }
        try (Stream<Path> etc = Files.list(Path.of("/etc"))) {
            etc.filter(p -> p.getFileName().toString().startsWith("java")).sorted()
                    .forEach(p -> args.addAll(roBindTry(p)));
        } catch (IOException e) {
            // no /etc to list: nothing more to bind
        }
        return args;
    }

    /** The JDKs a build may run on: JAVA_HOME, the grader's own, and those Maven's toolchains list. */
    private static Set<Path> jdks() {
        Set<Path> homes = new LinkedHashSet<>();
        Optional.ofNullable(System.getenv("JAVA_HOME")).filter(s -> !s.isBlank()).map(Path::of).ifPresent(homes::add);
        homes.add(Path.of(System.getProperty("java.home")));
        Path m2 = Path.of(System.getProperty("user.home"), ".m2");
        for (Path file : List.of(m2.resolve("toolchains.xml"), m2.resolve("discovered-jdk-toolchains-cache.xml"))) {
            try {
                Matcher m = JDK_HOME.matcher(Files.readString(file));
                while (m.find()) {
                    homes.add(Path.of(m.group(1)));
                }
            } catch (IOException e) {
                // no such file
            }
        }
        // Each where it is named and where it really is (a JAVA_HOME may be a link to a versioned folder).
        Set<Path> bound = new LinkedHashSet<>();
        for (Path h : homes) {
            try {
                bound.add(h.toRealPath());
                bound.add(h.toAbsolutePath().normalize());
            } catch (IOException e) {
                // not installed (any more)
            }
        }
        return bound;
    }

    private static List<String> roBindTry(Path path) {
        return List.of("--ro-bind-try", path.toString(), path.toString());
    }

    private static List<String> tmpfs(long bytes, Path where) {
        return List.of("--size", String.valueOf(bytes), "--tmpfs", where.toString());
    }

    private static Optional<Path> onPath(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
        return Stream.of(path.split(java.io.File.pathSeparator)).filter(s -> !s.isEmpty())
                .map(dir -> Path.of(dir, program))
                .filter(p -> Files.isExecutable(p) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).findFirst();
    }

    static long mebibytes(long bytes) {
        return bytes / 1024 / 1024;
    }
}
