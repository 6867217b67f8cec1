package io.github.threadlab.harness.http;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo server of exercise 5: a {@link LoopbackServer} run from the command line, so that MiniAb (or ab, wrk,
 * hey) has something to measure without any network. Every request gets the same reply: a status, a body of some
 * size, after a delay (the "latency" that a remote server would have).
 *
 * <p>It lives in the harness because it is built on the harness's server; in a student project the harness is test
 * code, so the demo server runs from the test classpath (the {@code demo-server} execution in the pom does that).
 * It listens on the loopback interface only, and it stops on Ctrl-C (or after {@code --stop-after}), printing what
 * it counted: requests, responses by status, body bytes, connections.
 *
 * <pre>
 * HOW TO RUN (in a student project; docs/fetcher/miniab.md has the course repository's form)
 *
 *   ./mvnw -q test-compile exec:exec@demo-server -Dport=8080 -Dlatency=10ms -Dbytes=1024
 *
 * options: --port N (8080; 0 picks a free one), --latency TIME (0ms), --bytes N (13), --status N (200),
 *          --no-keepalive (a connection per request), --stop-after TIME (run until stopped)
 * </pre>
 */
public final class DemoServer {

    private static final Pattern TIME = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");
    private static final List<String> OPTIONS = List.of("--port", "--latency", "--bytes", "--status", "--stop-after");

    private DemoServer() {
    }

    /** Starts the server and serves until stopped; a bad option prints the usage and exits with status 2. */
    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> options;
        Reply reply;
        int port;
        boolean keepAlive;
        try {
            options = parse(args);
            port = Integer.parseInt(options.getOrDefault("--port", "8080"));
            Duration latency = time(options.getOrDefault("--latency", "0ms"));
            int bytes = Integer.parseInt(options.getOrDefault("--bytes", "13"));
            int status = Integer.parseInt(options.getOrDefault("--status", "200"));
            keepAlive = !options.containsKey("--no-keepalive");
            reply = Reply.status(status).withBodyOf(bytes).after(latency);
            if (options.containsKey("--stop-after")) {
                time(options.get("--stop-after"));
            }
        } catch (IllegalArgumentException e) {
            usage(System.err, e.getMessage());
            System.exit(2);
            return;
        }
        if (options.containsKey("--help")) {
            usage(System.out, null);
            return;
        }

        LoopbackServer server = LoopbackServer.replying(reply).port(port).keepAlive(keepAlive).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            server.close();
            System.out.println("Stopped. " + server);
            stopped.countDown();
        }));
        System.out.printf(Locale.ROOT, "Demo server on %s: every request gets %s%s. Ctrl-C stops it.%n",
                server.uri(), reply, keepAlive ? "" : ", then the connection is closed");
        System.out.flush();
        if (options.containsKey("--stop-after")) {
            Thread.sleep(time(options.get("--stop-after")));
            System.exit(0); // runs the shutdown hook, which closes the server and prints its counts
        }
        stopped.await();
    }

    /** {@code --name value} pairs, and the flags {@code --no-keepalive} and {@code --help}. */
    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--no-keepalive") || arg.equals("--help") || arg.equals("-h")) {
                options.put(arg.equals("-h") ? "--help" : arg, "");
            } else if (OPTIONS.contains(arg) && i + 1 < args.length) {
                options.put(arg, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option or missing value: " + arg);
            }
        }
        return options;
    }

    /** A time as a plain number of milliseconds or with a unit: 0, 10ms, 1.5s, 1m. */
    static Duration time(String value) {
        Matcher matcher = TIME.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a time: " + value + " (use e.g. 0ms, 10ms, 1.5s)");
        }
        double amount = Double.parseDouble(matcher.group(1));
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
        double millis = switch (unit) {
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            default -> amount;
        };
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    private static void usage(PrintStream out, String problem) {
        if (problem != null) {
            out.println("demo server: " + problem);
        }
        out.println("usage: DemoServer [--port N] [--latency TIME] [--bytes N] [--status N] [--no-keepalive] "
                + "[--stop-after TIME]");
        out.println("  defaults: --port 8080 --latency 0ms --bytes 13 --status 200, keep-alive, until Ctrl-C");
    }
}
