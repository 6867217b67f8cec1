package io.github.threadlab.grader;

import de.thetaphi.forbiddenapis.Checker;
import de.thetaphi.forbiddenapis.ForbiddenApiException;
import de.thetaphi.forbiddenapis.Logger;
import de.thetaphi.forbiddenapis.ParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a workspace's src/main/java (the student's sources with the course's) and checks the compiled classes
 * with forbiddenapis against {@code forbidden-apis.txt} (members no solution needs), then against
 * {@code allowed-apis.txt} (the only classes a solution may use, see {@link ApiAllowlist}), before any of the
 * student's code runs. Compiling here
 * also tells a submission that does not compile in a second, without a Maven build.
 */
final class SourceScan {

    private static final Pattern VIOLATION = Pattern.compile("^Forbidden [^:]*: (.*)$");
    private static final Pattern WHERE = Pattern.compile("in ([\\w.$]+) \\(([^)]*)\\)");

    private SourceScan() {
    }

    /** Where {@link #scan} compiles the submission's files, under {@code scratch}. */
    static Path classes(Path scratch) {
        return scratch.resolve("scan-classes");
    }

    /**
     * The forbidden-API uses in the files taken from the submission, or their compilation errors. Only those files
     * are compiled and scanned, against the pristine course's compiled classes: the course's own code (MiniAb's
     * sockets, the labs' file writes) is trusted and needs libraries that the scan's compiler does not have.
     *
     * @param mainJava      the workspace's src/main/java
     * @param taken         the submission's files, relative to {@code mainJava}; none means nothing to scan
     * @param courseClasses the pristine course's target/classes
     */
    static List<Finding> scan(Path mainJava, List<Path> taken, Path courseClasses, Path scratch) throws IOException {
        if (taken.isEmpty()) {
            return List.of();
        }
        Path classes = classes(scratch);
        FileTrees.delete(classes);
        Files.createDirectories(classes);
        List<Path> files = taken.stream().map(relative -> mainJava.resolve(relative.toString())).toList();
        List<Finding> errors = compile(mainJava, files, courseClasses, classes);
        if (!errors.isEmpty()) {
            return errors;
        }
        List<Finding> findings = new ArrayList<>(forbiddenUses(classes));
        for (Finding f : ApiAllowlist.standard().check(classes)) {
            String used = f.detail().substring(0, f.detail().indexOf(' '));
            // A member the denylist already named at that line (ProcessHandle#allProcesses) is not said twice.
            if (findings.stream().noneMatch(d -> d.location().equals(f.location()) && d.detail().contains(used))) {
                findings.add(f);
            }
        }
        return findings;
    }

    private static List<Finding> compile(Path sources, List<Path> files, Path classpath, Path classes)
            throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("the grader needs a JDK (with javac), not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            // The submission's sources win over the course's compiled stubs of the same classes on the class path.
            List<String> options = List.of("--release", "21", "-proc:none", "-nowarn", "-encoding", "UTF-8",
                    "-classpath", classpath.toString(), "-d", classes.toString());
            boolean ok = javac.getTask(new StringWriter(), fm, diagnostics, options, null,
                    fm.getJavaFileObjectsFromPaths(files)).call();
            List<Finding> errors = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    String file = d.getSource() == null ? "?" : sources.relativize(Path.of(d.getSource().toUri())).toString();
                    errors.add(new Finding(Finding.COMPILATION, file + ":" + d.getLineNumber(),
                            d.getMessage(Locale.ROOT).lines().findFirst().orElse("")));
                }
            }
            if (!ok && errors.isEmpty()) {
                errors.add(new Finding(Finding.COMPILATION, "src/main/java", "javac failed"));
            }
            return errors;
        }
    }

    private static List<Finding> forbiddenUses(Path classes) throws IOException {
        List<String> messages = new ArrayList<>();
        Logger logger = new Logger() {
            @Override
            public void error(String msg) {
                messages.add(msg);
            }

            @Override
            public void warn(String msg) {
                messages.add(msg); // violations, when the checker is not told to fail on them
            }

            @Override
            public void info(String msg) {
            }

            @Override
            public void debug(String msg) {
            }
        };
        Checker checker = new Checker(logger, SourceScan.class.getClassLoader(),
                EnumSet.of(Checker.Option.FAIL_ON_UNRESOLVABLE_SIGNATURES));
        try (InputStream signatures = SourceScan.class.getResourceAsStream("forbidden-apis.txt")) {
            checker.parseSignaturesFile(signatures, "forbidden-apis.txt");
        } catch (ParseException e) {
            throw new IllegalStateException("forbidden-apis.txt: " + e.getMessage(), e);
        }
        List<String> classFiles;
        try (Stream<Path> all = Files.walk(classes)) {
            classFiles = all.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> classes.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
        checker.addClassesToCheck(classes.toFile(), classFiles);
        try {
            checker.run();
        } catch (ForbiddenApiException e) {
            // never thrown without FAIL_ON_VIOLATION; the violations are in the log
        }
        List<Finding> findings = new ArrayList<>();
        String what = null;
        for (String message : messages) {
            for (String line : message.split("\n")) {
                Matcher violation = VIOLATION.matcher(line.trim());
                Matcher where = WHERE.matcher(line);
                if (violation.find()) {
                    what = violation.group(1);
                } else if (where.find() && what != null) {
                    findings.add(new Finding(Finding.FORBIDDEN, where.group(1) + " (" + where.group(2) + ")", what));
                    what = null;
                }
            }
        }
        return findings;
    }
}
