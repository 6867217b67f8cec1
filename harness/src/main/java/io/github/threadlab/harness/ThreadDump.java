package io.github.threadlab.harness;

import java.util.Collection;

/** A readable dump of chosen threads: name, kind, state and the top of the stack. */
final class ThreadDump {

    private static final int MAX_FRAMES = 14;

    private ThreadDump() {
    }

    /** One block per thread; frames from JUnit and the test launcher are left out. */
    public static String of(Collection<Thread> threads) {
        StringBuilder out = new StringBuilder();
        for (Thread thread : threads) {
            out.append("  \"").append(thread.getName().isEmpty() ? "<unnamed>" : thread.getName()).append("\" ")
                    .append(thread.isVirtual() ? "virtual" : "platform").append(' ')
                    .append(thread.getState()).append('\n');
            int shown = 0;
            for (StackTraceElement frame : thread.getStackTrace()) {
                if (isInfrastructure(frame)) {
                    continue;
                }
                if (shown++ == MAX_FRAMES) {
                    out.append("      ...\n");
                    break;
                }
                out.append("      at ").append(frame).append('\n');
            }
        }
        return out.toString();
    }

    private static boolean isInfrastructure(StackTraceElement frame) {
        String cls = frame.getClassName();
        return cls.startsWith("org.junit.") || cls.startsWith("org.apache.maven.surefire.")
                || cls.startsWith("jdk.internal.reflect.") || cls.startsWith("java.lang.reflect.");
    }
}
