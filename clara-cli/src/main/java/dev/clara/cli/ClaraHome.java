package dev.clara.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where Clara lives on this machine: the repository checkout (jars of the services and the broker) and the run
 * directory (pids, logs, broker data, model store, demo output). The {@code ./clara} script passes the checkout as
 * {@code -Dclara.home}.
 */
public record ClaraHome(Path root, Path runDir) {

    public static ClaraHome detect() {
        Path root = Path.of(System.getProperty("clara.home", ".")).toAbsolutePath().normalize();
        String run = System.getenv("CLARA_RUN_DIR");
        return new ClaraHome(root, run == null || run.isBlank() ? root.resolve("run") : Path.of(run).toAbsolutePath());
    }

    public Path pidFile(String process) {
        return runDir.resolve("pids").resolve(process + ".pid");
    }

    public Path logFile(String process) {
        return runDir.resolve("logs").resolve(process + ".log");
    }

    public Path kafkaData() {
        return runDir.resolve("kafka");
    }

    public Path modelStore() {
        return runDir.resolve("models");
    }

    public Path serviceJar(String service) {
        return root.resolve(service).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    public Path kafkaJarDir() {
        return root.resolve("clara-kafka").resolve("target");
    }

    public boolean isCheckout() {
        return Files.exists(root.resolve("pom.xml")) && Files.isDirectory(root.resolve("clara-cli"));
    }
}
