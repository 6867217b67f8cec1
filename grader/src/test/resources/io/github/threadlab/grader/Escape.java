import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What code that got past the scan would try, run inside the sandbox by SandboxIT: end every process it can see,
 * reach a listener outside, write files where the instructor would find them, look at the output folder, fill the
 * disk. Prints one line per attempt; SandboxIT checks the host's side.
 *
 * <p>Arguments: the listener's port, then the paths to write a file into, then "--look", paths to look at.
 */
public class Escape {
    public static void main(String[] args) throws Exception {
        long seen = ProcessHandle.allProcesses().count();
        System.out.println("processes seen: " + seen);
        // Everything but itself and its ancestors (ending the sandbox's own shell would end the sandbox).
        java.util.Set<Long> mine = new java.util.HashSet<>();
        for (var p = java.util.Optional.of(ProcessHandle.current()); p.isPresent(); p = p.get().parent()) {
            mine.add(p.get().pid());
        }
        ProcessHandle.allProcesses().filter(p -> !mine.contains(p.pid())).forEach(ProcessHandle::destroyForcibly);
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + args[0] + "/"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            System.out.println("listener reached: " + r.statusCode());
        } catch (Exception e) {
            System.out.println("listener not reached: " + e);
        }
        boolean look = false;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--look")) {
                look = true;
            } else if (look) {
                System.out.println((Files.exists(Path.of(args[i])) ? "visible: " : "invisible: ") + args[i]);
            } else {
                try {
                    Files.createDirectories(Path.of(args[i]));
                    Files.writeString(Path.of(args[i], "escaped.txt"), "escaped");
                    System.out.println("wrote into " + args[i]);
                } catch (Exception e) {
                    System.out.println("could not write into " + args[i] + ": " + e);
                }
            }
        }
        try {
            byte[] megabyte = new byte[1024 * 1024];
            try (var out = Files.newOutputStream(Path.of("target", "filler"))) {
                for (int i = 0; i < 1024; i++) {
                    out.write(megabyte);
                }
            }
            System.out.println("filled 1 GB");
        } catch (Exception e) {
            System.out.println("disk full after " + Files.size(Path.of("target", "filler")) / 1024 / 1024 + " MB: " + e);
        }
    }
}
