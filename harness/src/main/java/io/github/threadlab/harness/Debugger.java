package io.github.threadlab.harness;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Whether the test JVM runs under a debugger, so that a student paused at a breakpoint is not failed for time.
 *
 * <p>Every Java debugger (IntelliJ IDEA, VS Code, Eclipse, {@code jdb}, {@code ./mvnw test -Dmaven.surefire.debug})
 * talks to the JVM through JDWP, and the JVM only speaks JDWP when it was started with the JDWP agent: an
 * argument {@code -agentlib:jdwp=...}, the older {@code -Xrunjdwp:...}, or {@code -agentpath:...} naming the
 * agent's library. Those arguments are what this class looks for; no argument, no debugger.
 */
final class Debugger {

    private static final boolean ATTACHED = among(ManagementFactory.getRuntimeMXBean().getInputArguments());

    private Debugger() {
    }

    /** Whether this JVM was started with the JDWP agent, that is, can be debugged. Read once. */
    public static boolean attached() {
        return ATTACHED;
    }

    /** Whether {@code jvmArguments} (as the JVM reports its input arguments) load the JDWP agent. */
    static boolean among(List<String> jvmArguments) {
        return jvmArguments.stream().anyMatch(Debugger::loadsJdwp);
    }

    private static boolean loadsJdwp(String argument) {
        return argument.startsWith("-agentlib:jdwp") || argument.startsWith("-Xrunjdwp")
                || (argument.startsWith("-agentpath:") && argument.contains("jdwp"));
    }
}
