package io.github.threadlab.harness.race;

import java.util.Optional;

/** Where the course's code did something: the first frame on the calling thread's stack outside this package. */
final class CodeSite {

    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final String HERE = CodeSite.class.getPackageName() + ".";

    private CodeSite() {
    }

    /** E.g. {@code SleepTasks.runOnPlatformThreads(SleepTasks.java:52)}, or "unknown" without a stack. */
    static String ofCaller() {
        Optional<StackWalker.StackFrame> frame = WALKER.walk(frames -> frames
                .filter(f -> !f.getClassName().startsWith(HERE))
                .findFirst());
        return frame.map(CodeSite::describe).orElse("unknown");
    }

    private static String describe(StackWalker.StackFrame frame) {
        String className = frame.getClassName();
        String simple = className.substring(className.lastIndexOf('.') + 1);
        return simple + "." + frame.getMethodName() + "(" + frame.getFileName() + ":" + frame.getLineNumber() + ")";
    }
}
