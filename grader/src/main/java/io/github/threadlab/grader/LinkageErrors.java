package io.github.threadlab.grader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Whether a build's tests failed to link with the classes they ran against: a {@link LinkageError} (a method or
 * field that is not there, or not of the kind the tests were compiled for, a class that is missing) named in a
 * surefire report. The course's tests are compiled once, against the stubs; a submission whose signatures differ
 * from the contract makes them fail that way, where compiling the tests against the submission would have failed
 * with the compiler's message.
 *
 * <p>Guaranteed: every such error that reaches a report (as a test's error, or as the cause in its message) is
 * found. Not guaranteed: that the submission's signatures differ; its code may throw such an error itself, and then
 * building again costs time and changes nothing.
 */
final class LinkageErrors {

    private static final Pattern LINKAGE = Pattern.compile("java\\.lang\\.(LinkageError|IncompatibleClassChangeError"
            + "|NoSuchMethodError|NoSuchFieldError|AbstractMethodError|IllegalAccessError|InstantiationError"
            + "|NoClassDefFoundError|VerifyError|ClassFormatError|BootstrapMethodError)");

    /** Bytes read at a time, and kept from the window before (longer than any name matched). */
    private static final int WINDOW = 1 << 16;
    private static final int OVERLAP = 64;

    private LinkageErrors() {
    }

    /**
     * Whether a report in {@code reportsDir} names a linkage error. The reports are read a window at a time, as
     * bytes: the test JVM can write there, so a report may be large or not UTF-8. A folder that cannot be read has
     * none.
     */
    static boolean in(Path reportsDir) {
        if (!Files.isDirectory(reportsDir)) {
            return false;
        }
        try (DirectoryStream<Path> reports = Files.newDirectoryStream(reportsDir, "TEST-*.xml")) {
            for (Path report : reports) {
                if (Files.isRegularFile(report, LinkOption.NOFOLLOW_LINKS) && names(report)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean names(Path report) throws IOException {
        byte[] window = new byte[WINDOW + OVERLAP];
        try (InputStream in = Files.newInputStream(report)) {
            int kept = 0;
            for (int read = in.readNBytes(window, kept, WINDOW); read > 0; read = in.readNBytes(window, kept, WINDOW)) {
                int length = kept + read;
                if (LINKAGE.matcher(new String(window, 0, length, StandardCharsets.ISO_8859_1)).find()) {
                    return true;
                }
                // The last bytes again at the start of the next window, so that a name across the edge is found.
                kept = Math.min(OVERLAP, length);
                System.arraycopy(window, length - kept, window, 0, kept);
            }
        }
        return false;
    }
}
