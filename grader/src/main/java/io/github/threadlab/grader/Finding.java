package io.github.threadlab.grader;

/**
 * A problem the scan found before anything ran: a forbidden API used at a line, or a compilation error.
 *
 * @param kind      "forbidden API" or "compilation error"
 * @param location  the class or file and line, e.g. "io.github.threadlab.sleep.SleepTasks (SleepTasks.java:42)"
 * @param detail    what was used, or the compiler's message
 */
public record Finding(String kind, String location, String detail) {

    static final String FORBIDDEN = "forbidden API";
    static final String COMPILATION = "compilation error";

    @Override
    public String toString() {
        return kind + " at " + location + ": " + detail;
    }
}
