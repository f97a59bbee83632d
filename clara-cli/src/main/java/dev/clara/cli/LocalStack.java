package dev.clara.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Starts, watches and stops the local stack as separate processes: the embedded broker and the services, each with
 * a pid file and a log in the run directory. Processes are started in their own session so that they outlive the
 * command that started them ({@code ./clara up}) and a Ctrl-C in that terminal.
 */
public final class LocalStack {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ClaraHome home;
    private final PrintStream out;

    public LocalStack(ClaraHome home, PrintStream out) {
        this.home = home;
        this.out = out;
    }

    /** The services whose module is part of this checkout (later issues add more). */
    public List<StackComponent> services() {
        return StackComponent.SERVICES.stream().filter(s -> Files.isDirectory(home.root().resolve(s.module()))).toList();
    }

    public Optional<ProcessHandle> running(StackComponent component) {
        Path pidFile = home.pidFile(component.name());
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> isOurs(p, component));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A reused pid must never be mistaken for ours: the command line names the component's module. */
    private static boolean isOurs(ProcessHandle process, StackComponent component) {
        return process.info().commandLine().map(cmd -> cmd.contains(component.module())).orElse(true);
    }

    public ProcessHandle start(StackComponent component, List<String> extraProperties) throws IOException {
        Optional<ProcessHandle> existing = running(component);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (isPortTaken(component.port())) {
            throw new IllegalStateException("port " + component.port() + " for " + component.name()
                    + " is already taken by another program; stop it or run ./clara down");
        }
        Files.createDirectories(home.pidFile(component.name()).getParent());
        Files.createDirectories(home.logFile(component.name()).getParent());
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + component.heapMb() + "m");
        command.add("-XX:+UseSerialGC");
        command.add("-Dclara.component=" + component.name());
        command.addAll(extraProperties);
        if (component.isService()) {
            Path jar = home.serviceJar(component.module());
            requireBuilt(jar, component);
            command.add("-Dquarkus.http.port=" + component.port());
            command.add("-jar");
            command.add(jar.toString());
        } else {
            Path jar = home.kafkaJarDir().resolve("clara-kafka-0.1.0-SNAPSHOT.jar");
            requireBuilt(jar, component);
            command.add("-Dlog4j2.configurationFile=classpath:clara-kafka-log4j2.properties");
            command.add("-cp");
            command.add(jar + ":" + home.kafkaJarDir().resolve("lib") + "/*");
            command.add("dev.clara.kafka.EmbeddedKafkaMain");
            command.add("--data");
            command.add(home.kafkaData().toString());
            command.add("--port");
            command.add(Integer.toString(component.port()));
            command.add("--controller-port");
            command.add(Integer.toString(component.port() + 1));
        }
        Path log = home.logFile(component.name());
        // Keep the previous run's log beside the new one; readiness reads only the new one.
        if (Files.exists(log)) {
            Files.move(log, log.resolveSibling(log.getFileName() + ".1"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        // libtorch's OpenMP helpers otherwise spin on shared cores and slow every service down many times over.
        builder.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        Process process = builder
                .directory(home.runDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        Files.writeString(home.pidFile(component.name()), Long.toString(process.pid()));
        return process.toHandle();
    }

    private static void requireBuilt(Path jar, StackComponent component) {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(component.name() + " is not built (" + jar + " is missing); "
                    + "run ./mvnw -B -DskipTests install or let ./clara build it");
        }
    }

    /** Waits until the component answers: the broker on its port, a service on /q/health/ready. */
    public void awaitHealthy(StackComponent component, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (running(component).isEmpty()) {
                throw new IllegalStateException(component.name() + " exited while starting; its log "
                        + home.logFile(component.name()) + " ends with:\n" + tail(home.logFile(component.name()), 15));
            }
            if (isHealthy(component)) {
                return;
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException(component.name() + " did not become healthy within " + timeout.toSeconds()
                + " s; see " + home.logFile(component.name()));
    }

    public boolean isHealthy(StackComponent component) {
        if (!component.isService()) {
            return isPortTaken(component.port()) && logContains(home.logFile(component.name()), "ready ");
        }
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + component.port() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops a component: SIGTERM, then SIGKILL after the grace period. Returns whether it was running. */
    public boolean stop(StackComponent component, Duration grace) throws IOException {
        Optional<ProcessHandle> process = running(component);
        Files.deleteIfExists(home.pidFile(component.name()));
        if (process.isEmpty()) {
            return false;
        }
        ProcessHandle handle = process.get();
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
        }
        return true;
    }

    static boolean isPortTaken(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean logContains(Path log, String text) {
        if (!Files.exists(log)) {
            return false;
        }
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.anyMatch(line -> line.startsWith(text));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public ClaraHome home() {
        return home;
    }

    public PrintStream out() {
        return out;
    }
}
