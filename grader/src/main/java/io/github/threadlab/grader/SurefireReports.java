package io.github.threadlab.grader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads which tests passed from surefire's XML reports, but believes a class's report only when it agrees with
 * the summary line that Maven's own JVM printed for that class ("Tests run: 12, Failures: 1, Errors: 0, ...
 * in x.y.SomeTest"). The reports are files in the workspace, which the student's code could write while the
 * tests run; the summary lines come through the pipe from Maven's JVM, where the student's code does not run, and
 * the test output is redirected to files so that it cannot print such a line either.
 */
final class SurefireReports {

    /** One test case of a report. */
    record Case(boolean passed, String message) {
    }

    /** A class's counts, from a report or from a summary line. */
    record Counts(int run, int failedOrErrored, int skipped) {
    }

    private static final Pattern SUMMARY = Pattern.compile(
            "Tests run: (\\d+), Failures: (\\d+), Errors: (\\d+), Skipped: (\\d+).* in ([\\w.$]+)\\s*$");

    private final Map<String, Case> cases = new HashMap<>();
    private final Map<String, String> untrustedClasses = new HashMap<>();

    private SurefireReports() {
    }

    /** The outcome of {@code className#methodName}, if a trusted report has it. */
    Optional<Case> find(String key) {
        return Optional.ofNullable(cases.get(key));
    }

    /** Why a class's report was not believed, if it was not. */
    Optional<String> distrust(String className) {
        return Optional.ofNullable(untrustedClasses.get(className));
    }

    static SurefireReports read(Path reportsDir, List<String> summaryLines) throws IOException {
        Map<String, Counts> summaries = new HashMap<>();
        for (String line : summaryLines) {
            Matcher m = SUMMARY.matcher(line);
            if (m.find()) {
                summaries.put(m.group(5), new Counts(Integer.parseInt(m.group(1)),
                        Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
            }
        }
        SurefireReports reports = new SurefireReports();
        if (!Files.isDirectory(reportsDir)) {
            return reports;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(reportsDir, "TEST-*.xml")) {
            for (Path file : files) {
                String className = file.getFileName().toString().replaceFirst("^TEST-", "").replaceFirst("\\.xml$", "");
                Map<String, Case> classCases = new HashMap<>();
                try (InputStream in = Files.newInputStream(file)) {
                    parse(in, classCases);
                } catch (XMLStreamException | RuntimeException e) {
                    reports.untrustedClasses.put(className, "its report could not be read (" + e.getMessage() + ")");
                    continue;
                }
                Counts fromReport = new Counts(classCases.size(),
                        (int) classCases.values().stream().filter(c -> !c.passed()).count(), 0);
                Counts fromBuild = summaries.get(className);
                if (fromBuild == null) {
                    reports.untrustedClasses.put(className, "the build never reported this class finished");
                } else if (fromBuild.run() != fromReport.run()
                        || fromBuild.failedOrErrored() + fromBuild.skipped() != fromReport.failedOrErrored()) {
                    reports.untrustedClasses.put(className, "its report file disagrees with what the build saw "
                            + "(the build: " + fromBuild + ", the file: " + fromReport + "): it was not written by "
                            + "the build");
                } else {
                    classCases.forEach((method, c) -> reports.cases.put(className + "#" + method, c));
                }
            }
        }
        return reports;
    }

    private static void parse(InputStream in, Map<String, Case> into) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader xml = factory.createXMLStreamReader(in);
        String method = null;
        boolean passed = true;
        String message = "";
        int depth = 0;
        int caseDepth = -1;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                String element = xml.getLocalName();
                if (element.equals("testcase")) {
                    method = xml.getAttributeValue(null, "name");
                    passed = true;
                    message = "";
                    caseDepth = depth;
                } else if (method != null && depth == caseDepth + 1
                        && (element.equals("failure") || element.equals("error") || element.equals("skipped"))) {
                    passed = false;
                    String text = xml.getAttributeValue(null, "message");
                    String type = xml.getAttributeValue(null, "type");
                    message = text != null ? text : element.equals("skipped") ? "skipped" : String.valueOf(type);
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                if (xml.getLocalName().equals("testcase") && depth == caseDepth && method != null) {
                    into.put(method, new Case(passed, message));
                    method = null;
                }
                depth--;
            }
        }
    }
}
