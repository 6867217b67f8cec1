package io.github.threadlab.harness.race;

/**
 * Two threads inside the same watched collection at once, one of them writing: what a graded test reports.
 *
 * @param collection the JDK class the code created, e.g. {@code java.util.ArrayList}
 * @param createdAt  where the course's code created it, e.g. {@code SleepTasks.runOnPlatformThreads(SleepTasks.java:52)}
 * @param inside     the thread that was writing, and the method it was in
 * @param intruder   the thread that came in meanwhile, and the method it called
 */
public record Race(String collection, String createdAt, String inside, String insideMethod, String intruder,
        String intruderMethod) {

    /** What was seen, what the contract requires, why it matters and what fixes it, for the test's failure. */
    public String explain() {
        String simpleName = collection.substring(collection.lastIndexOf('.') + 1);
        return "data race: two threads were inside the same " + collection + " at the same moment: '" + inside
                + "' was in " + insideMethod + "() when '" + intruder + "' called " + intruderMethod + "(). The "
                + simpleName + " was created at " + createdAt + " and is shared by several threads without "
                + "synchronization. " + simpleName + " is not thread-safe: two threads changing it at once can lose "
                + "or duplicate elements, or corrupt it so that it throws later; on its own this shows up once in "
                + "many runs, so the course slows down writes to shared collections to make it show up in every "
                + "run. The contract holds however the threads interleave: nothing may be lost, duplicated or taken "
                + "twice because two threads got there at the same moment. Make the "
                + "sharing safe: guard every use of the collection with one lock, use a concurrent collection, or "
                + "give each task its own place and combine the results once the threads have ended.";
    }
}
