package io.github.threadlab.fetcher;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Course-provided: the Python article's {@code mini ab -n N -c C [--coroutine] url}, a mini Apache Bench built on
 * your {@link Fetcher}. It sends N GET requests to one URL, never more than C at once, and prints what Apache
 * Bench ({@code ab}) prints: complete and failed requests, requests per second, the mean time per request, the
 * percentile table, the mean response size; or the same figures as JSON.
 *
 * <p>The only concurrency in it is your {@link Fetcher}'s: MiniAb builds an {@link HttpClient} (the JDK's, or
 * with {@code --client socket} its own {@link SocketClient}), wraps it (see {@link BenchClient}: timeout,
 * keep-alive, time limit, progress), hands it to a {@code new Fetcher(client, C, mode)}, calls
 * {@link Fetcher#fetch} once and formats the {@link FetchReport} (see {@link AbReport}). So it works as soon as
 * your exercise does, and its figures are your fetcher's.
 *
 * <pre>
 * HOW TO RUN (the demo server in one terminal, MiniAb in another; docs/fetcher/miniab.md tells more)
 *
 *   ./mvnw -q test-compile exec:exec@demo-server -Dport=8080 -Dlatency=10ms
 *   ./mvnw -q compile exec:exec@miniab -Dargs="-n 2000 -c 50 --mode virtual http://127.0.0.1:8080/"
 *   ./mvnw -q compile exec:exec@miniab -Dargs=--help
 * </pre>
 */
@Command(name = "miniab", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        version = "MiniAb, the threadlab course's mini Apache Bench",
        description = {"Sends N GET requests to URL, never more than C at once, through the course's Fetcher, and "
                + "prints an Apache-Bench-like report.", ""})
public final class MiniAb implements Callable<Integer> {

    /** What ab assumes for -n when only -t is given. */
    private static final int REQUESTS_FOR_A_TIME_LIMIT = 50_000;

    private static final String ALLOW_RESTRICTED_HEADERS = "jdk.httpclient.allowRestrictedHeaders";

    @Option(names = {"-n", "--requests"}, paramLabel = "N",
            description = "Number of requests to perform (default: 1, or 50000 with -t).")
    private Integer requests;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "C", defaultValue = "1",
            description = "Number of requests to perform at a time (default: ${DEFAULT-VALUE}).")
    private int concurrency;

    @Option(names = {"-m", "--mode"}, paramLabel = "MODE", defaultValue = "platform", converter = ModeConverter.class,
            description = "platform (a pool of C platform threads) or virtual (a virtual thread per request and a "
                    + "semaphore of C permits); default: ${DEFAULT-VALUE}.")
    private Fetcher.Mode mode;

    @Option(names = "--coroutine",
            description = "The article's switch: the same as --mode virtual.")
    private boolean coroutine;

    @Option(names = {"-s", "--timeout"}, paramLabel = "TIME", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Maximum time to wait for each response, e.g. 30 (seconds, as ab), 500ms, 2s "
                    + "(default: ${DEFAULT-VALUE}); 0 for none, which spares the client a timer per request.")
    private Duration timeout;

    @Option(names = {"-k", "--keepalive"}, negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Keep connections alive between requests (the default, as ab -k); --no-keepalive "
                    + "asks for Connection: close on every request.")
    private boolean keepAlive;

    @Option(names = {"-t", "--timelimit"}, paramLabel = "TIME", converter = DurationConverter.class,
            description = "Send no request after this long, e.g. 10 (seconds, as ab) or 1500ms; -n then "
                    + "defaults to 50000.")
    private Duration timeLimit;

    @Option(names = {"-w", "--warmup"}, paramLabel = "N", defaultValue = "0",
            description = "Send N requests first, left out of the report, so that the JVM has compiled the hot "
                    + "code before the measured run (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--client", paramLabel = "WHICH", defaultValue = "jdk",
            description = "The HttpClient handed to the Fetcher: jdk (java.net.http, the default) or socket (a small "
                    + "HTTP/1.1 client that blocks on sockets in the calling thread: on virtual threads, no hand-off "
                    + "between threads per request; plain http only).")
    private Client client;

    /** Which {@link HttpClient} the Fetcher gets (see --client). */
    enum Client { JDK, SOCKET }

    @Option(names = "--client-executor", paramLabel = "WHERE", defaultValue = "default",
            description = "Where the HTTP client runs its own work: default (its cached thread pool) or direct (on "
                    + "its selector thread: fewer thread hand-offs, so faster, but a Fetcher that blocks in a "
                    + "callback of sendAsync then stalls every request; exercise 6 tells why).")
    private ClientExecutor clientExecutor;

    /** Where the HTTP client runs its own work (see --client-executor). */
    enum ClientExecutor { DEFAULT, DIRECT }

    @Option(names = "--json", description = "Print the report as JSON.")
    private boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on standard error.")
    private boolean quiet;

    @Parameters(paramLabel = "URL", description = "http://host[:port]/path")
    private URI uri;

    private PrintStream out = System.out;
    private PrintStream err = System.err;

    /** Runs MiniAb and exits with its status: 0 when the run took place, 1 when it could not, 2 for bad usage. */
    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /**
     * Runs MiniAb with {@code args}, printing the report on {@code out} and progress and errors on {@code err}.
     *
     * @return 0 when the run took place (whatever came of its requests), 1 when it could not, 2 for bad usage
     */
    public static int run(PrintStream out, PrintStream err, String... args) {
        // The JDK client refuses a request's Connection header unless this property names it. The client reads it
        // once, when its classes load, so it is set before any is used; BenchClient needs it for --no-keepalive.
        if (System.getProperty(ALLOW_RESTRICTED_HEADERS) == null) {
            System.setProperty(ALLOW_RESTRICTED_HEADERS, "connection");
        }
        MiniAb command = new MiniAb();
        command.out = out;
        command.err = err;
        return new CommandLine(command)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        Fetcher.Mode runMode = coroutine ? Fetcher.Mode.VIRTUAL_THREADS : mode;
        int count = requests != null ? requests : timeLimit != null ? REQUESTS_FOR_A_TIME_LIMIT : 1;
        String invalid = invalidArguments(count);
        if (invalid != null) {
            err.println("miniab: " + invalid);
            return 2;
        }
        HttpClient.Builder builder = HttpClient.newBuilder()
                // HTTP/2 would first try an h2c upgrade on every plain-HTTP connection; ab speaks HTTP/1.x.
                .version(HttpClient.Version.HTTP_1_1);
        Optional<Duration> requestTimeout = timeout.isZero() ? Optional.empty() : Optional.of(timeout);
        requestTimeout.ifPresent(builder::connectTimeout);
        if (clientExecutor == ClientExecutor.DIRECT) {
            builder.executor(Runnable::run);
        }
        try (HttpClient real = client == Client.SOCKET ? new SocketClient() : builder.build();
             BenchClient bench = new BenchClient(real, requestTimeout, keepAlive)) {
            Fetcher fetcher = new Fetcher(bench, concurrency, runMode);
            if (warmup > 0) {
                progress("Warming up with " + warmup + " requests");
                fetcher.fetch(uri, warmup);
            }
            progress("Benchmarking " + uri.getHost() + " (be patient)");
            bench.startRun(quiet ? Progress.SILENT : Progress.everyTenth(count, err), Optional.ofNullable(timeLimit));
            long start = System.nanoTime();
            FetchReport fetched = fetcher.fetch(uri, count);
            FetchReport report = withoutUnsent(fetched, bench.lastEndNanos() - start);
            progress("Finished " + report.completed() + " requests");
            AbReport ab = new AbReport(uri, concurrency, runMode, keepAlive, bench.serverSoftware(),
                    bench.headerBytes(), report);
            if (json) {
                out.print(ab.json());
            } else {
                out.println("This is MiniAb, the course's mini Apache Bench, on the Fetcher of exercise 5");
                out.println();
                out.print(ab.text());
            }
            out.flush();
            return 0;
        } catch (UnsupportedOperationException notYet) {
            err.println("miniab: the Fetcher is not written yet (" + notYet.getMessage() + ")");
            return 1;
        }
    }

    /** Why the arguments cannot make a run, or null when they can. */
    private String invalidArguments(int count) {
        if (count < 1) {
            return "-n must be at least 1, it is " + count;
        }
        if (concurrency < 1) {
            return "-c must be at least 1, it is " + concurrency;
        }
        if (warmup < 0) {
            return "--warmup cannot be negative, it is " + warmup;
        }
        if (timeLimit != null && timeLimit.isZero()) {
            return "-t must be longer than zero";
        }
        if (!keepAlive && !connectionHeaderAllowed()) {
            return "--no-keepalive needs -D" + ALLOW_RESTRICTED_HEADERS + "=connection when the JVM starts: this JVM's "
                    + "HTTP client was loaded without it and refuses a Connection header";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (client == Client.SOCKET && !scheme.equals("http")) {
            return "--client socket speaks plain http only";
        }
        if (!List.of("http", "https").contains(scheme) || uri.getHost() == null) {
            return "the URL must be http://host[:port]/path (or https), it is " + uri;
        }
        return null;
    }

    /**
     * The report without the requests that the time limit kept from being sent ({@link BenchClient.TimeLimitReached}):
     * they never reached the server, and the run's time ends with the last request that did.
     */
    private static FetchReport withoutUnsent(FetchReport report, long nanosToLastSent) {
        String unsent = BenchClient.TimeLimitReached.class.getName();
        List<Exchange> sent = report.exchanges().stream()
                .filter(exchange -> exchange.error().map(error -> !error.contains(unsent)).orElse(true))
                .toList();
        if (sent.size() == report.exchanges().size()) {
            return report;
        }
        return new FetchReport(sent, Duration.ofNanos(Math.max(0, nanosToLastSent)));
    }

    private static boolean connectionHeaderAllowed() {
        try {
            HttpRequest.newBuilder().setHeader("Connection", "close");
            return true;
        } catch (IllegalArgumentException restricted) {
            return false;
        }
    }

    private void progress(String line) {
        if (!quiet) {
            err.println(line);
        }
    }

    /** Reads "platform", "virtual" and the {@link Fetcher.Mode} names, in any case. */
    static final class ModeConverter implements CommandLine.ITypeConverter<Fetcher.Mode> {
        @Override
        public Fetcher.Mode convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT).replace('-', '_')) {
                case "platform", "pool", "platform_pool" -> Fetcher.Mode.PLATFORM_POOL;
                case "virtual", "virtual_threads", "coroutine" -> Fetcher.Mode.VIRTUAL_THREADS;
                default -> throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a mode: use platform or virtual");
            };
        }
    }

    /** Reads a time as ab does (a plain number of seconds) or with a unit: 250ms, 2s, 1.5s, 1m. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern TIME = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");

        @Override
        public Duration convert(String value) {
            Matcher matcher = TIME.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (!matcher.matches()) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a time: use e.g. 30 (seconds), 500ms, 2s or 1m");
            }
            double amount = Double.parseDouble(matcher.group(1));
            String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            double millis = switch (unit) {
                case "ms" -> amount;
                case "m" -> amount * 60_000;
                default -> amount * 1_000;
            };
            return Duration.ofNanos(Math.round(millis * 1_000_000));
        }
    }
}
