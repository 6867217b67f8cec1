package io.github.threadlab.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DebuggerTest {

    @Test
    void the_jdwp_agent_in_any_of_its_spellings_means_a_debugger() {
        assertTrue(Debugger.among(List.of("-Xshare:off",
                "-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=localhost:5005")));
        assertTrue(Debugger.among(List.of("-Xdebug", "-Xrunjdwp:transport=dt_socket,server=y,address=8000")));
        assertTrue(Debugger.among(List.of("-agentpath:/opt/jdk/lib/libjdwp.so=transport=dt_socket,address=5005")));
        // IntelliJ IDEA's "Debug" run of a test.
        assertTrue(Debugger.among(List.of("-ea", "-agentlib:jdwp=transport=dt_socket,address=127.0.0.1:41233,"
                + "suspend=y,server=n", "-javaagent:/idea/lib/rt/debugger-agent.jar", "-Dfile.encoding=UTF-8")));
    }

    @Test
    void other_agents_and_properties_are_no_debugger() {
        assertFalse(Debugger.among(List.of()));
        assertFalse(Debugger.among(List.of("-javaagent:/m2/mockito-core.jar", "-Xshare:off",
                "-Dthreadlab.timeFactor=2", "-agentpath:/opt/profiler/libasyncProfiler.so=start")));
        assertFalse(Debugger.among(List.of("-Dnote=-agentlib:jdwp")));
    }

    @Test
    void under_a_debugger_the_factor_is_at_least_the_debug_factor() {
        assertEquals(TimeLimits.DEBUG_FACTOR, TimeLimits.factorUnderDebugger(1, null));
        assertEquals(TimeLimits.DEBUG_FACTOR, TimeLimits.factorUnderDebugger(2, null));
        assertEquals(100, TimeLimits.factorUnderDebugger(100, null));
        assertEquals(20, TimeLimits.factorUnderDebugger(1, "20"));
        assertEquals(1, TimeLimits.factorUnderDebugger(1, "1"));
        assertEquals(3, TimeLimits.factorUnderDebugger(3, "1"));
        assertEquals(1, TimeLimits.factorUnderDebugger(1, "not a number"));
    }

    @Test
    void the_announcement_says_how_long_and_how_to_turn_it_off() {
        String line = TimeLimits.announcement(60);
        assertTrue(line.contains("60 times as long") && line.contains("600 s") && line.contains("-Dthreadlab.debugTimeFactor=1"),
                line);
    }

    /** This JVM: surefire starts it without the JDWP agent unless -Dmaven.surefire.debug is given. */
    @Test
    void without_a_debugger_the_factor_is_the_configured_one() {
        if (!Debugger.attached()) {
            assertEquals(Double.parseDouble(System.getProperty(TimeLimits.PROPERTY, "1")), TimeLimits.factor());
        }
    }

    /** A real JVM with the JDWP agent, as a debugger starts it: it knows, says so once, and scales its limits. */
    @Test
    void a_jvm_started_with_the_jdwp_agent_scales_its_limits_and_says_so_once() throws Exception {
        List<String> output = runJava("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0");
        assertEquals("attached=true factor=60.0 limit=PT10M", output.get(output.size() - 1), String.join("\n", output));
        assertEquals(1, output.stream().filter(l -> l.startsWith("threadlab: this JVM runs under a debugger")).count(),
                String.join("\n", output));

        List<String> plain = runJava();
        assertEquals(List.of("attached=false factor=1.0 limit=PT10S"), plain);
    }

    private static List<String> runJava(String... jvmArguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmArguments));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (var reader = process.inputReader(StandardCharsets.UTF_8)) {
            reader.lines().filter(l -> !l.startsWith("Listening for transport")).forEach(lines::add);
        }
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the probe JVM did not end");
        assertEquals(0, process.exitValue(), String.join("\n", lines));
        return lines;
    }

    /** Run in a JVM of its own: what it sees of its debugger and its limits. */
    static final class Probe {
        public static void main(String[] args) {
            TimeLimits.factor();
            System.out.println("attached=" + Debugger.attached() + " factor=" + TimeLimits.factor() + " limit="
                    + TimeLimits.scaled(java.time.Duration.ofSeconds(10)));
        }
    }
}
