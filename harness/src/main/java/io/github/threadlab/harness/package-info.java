/**
 * The course's test harness, in three layers. Only the first is for the authors of graded tests; students meet
 * it in the tests they read, and the scoreboard and the report in what a run prints.
 *
 * <h2>For test authors: inject the work, count, gate, and say what went wrong</h2>
 * <ul>
 *   <li>What a test is: {@link io.github.threadlab.harness.Exercise} on the class, {@link
 *   io.github.threadlab.harness.Graded} on each test (points and time limit).</li>
 *   <li>The work a test hands to the code under test, and what it learns from it: {@link
 *   io.github.threadlab.harness.Work}, {@link io.github.threadlab.harness.TaskProbe} and the {@link
 *   io.github.threadlab.harness.Run}s it records, {@link io.github.threadlab.harness.Gate}, {@link
 *   io.github.threadlab.harness.Rendezvous}.</li>
 *   <li>Calls and waits that never hang a test: {@link io.github.threadlab.harness.Caller}, {@link
 *   io.github.threadlab.harness.Eventually}.</li>
 *   <li>Time, where it must be asserted: lower bounds from the schedule ({@link
 *   io.github.threadlab.harness.Schedule}), upper bounds scaled by the time factor ({@link
 *   io.github.threadlab.harness.TimeLimits}), {@link io.github.threadlab.harness.Stopwatch}, {@link
 *   io.github.threadlab.harness.Durations}.</li>
 *   <li>Failures that teach: {@link io.github.threadlab.harness.Expect}, {@link
 *   io.github.threadlab.harness.JdkNotes}.</li>
 *   <li>A test server on loopback: {@code io.github.threadlab.harness.http}.</li>
 * </ul>
 *
 * <h2>JUnit plumbing: the rules every graded test runs under</h2>
 * {@code GradedTestExtension} (which {@code @Graded} brings: the time limit, no thread left running, the race
 * watch), {@code TestContext}, {@code ThreadDump}, {@code Debugger} (no time limit while a debugger is attached),
 * and the race watch itself, {@code io.github.threadlab.harness.race}. None of it is public but what JUnit or the
 * JVM must reach: {@link io.github.threadlab.harness.race.RaceWatch}'s switch and hold, and {@link
 * io.github.threadlab.harness.ScoreboardListener}, which JUnit finds through {@code META-INF/services}.
 *
 * <h2>The report: what a run prints and writes</h2>
 * {@link io.github.threadlab.harness.ScoreboardListener} prints the scoreboard ({@code Scoreboard}) and writes
 * {@code results.json} for GitHub Classroom ({@code ClassroomResults}) and Gradescope ({@code GradescopeResults}),
 * and the test report ({@code HtmlReport}), with each test's {@link io.github.threadlab.harness.Timeline} drawn by
 * {@code TimelineSvg}; {@link io.github.threadlab.harness.TimelineArchive} keeps the timelines of a run for the
 * docs' pictures, and {@code FailureTimeline} links a failure to its picture. A test records on its timeline only
 * what the probes cannot see (e.g. a heartbeat on the event loop), through {@code Timeline.current()}.
 */
package io.github.threadlab.harness;
