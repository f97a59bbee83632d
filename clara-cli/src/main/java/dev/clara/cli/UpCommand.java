package dev.clara.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the local stack in the background: an embedded Kafka broker on localhost:9092 and the "
                + "services (HTTP + gRPC on ports 8101-8105), each a separate process with its log in run/logs. "
                + "Returns once every part is healthy. Parts that already run are left alone.")
public class UpCommand implements Callable<Integer> {

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Use this existing Kafka instead of starting the embedded broker (its Clara topics are created if missing).")
    String bootstrap;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "How long to wait for everything to become healthy (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        ClaraHome home = ClaraHome.detect();
        LocalStack stack = new LocalStack(home, System.out);
        bringUp(stack, bootstrap, Duration.ofSeconds(timeoutSeconds), List.of());
        return 0;
    }

    /** Starts what is not running and waits for health; shared with {@code demo}. Returns the bootstrap servers. */
    public static String bringUp(LocalStack stack, String externalBootstrap, Duration timeout, List<String> serviceProperties)
            throws Exception {
        ClaraHome home = stack.home();
        String bootstrap;
        if (externalBootstrap == null) {
            StackComponent kafka = StackComponent.KAFKA;
            boolean wasRunning = stack.running(kafka).isPresent();
            stack.start(kafka, List.of());
            stack.awaitHealthy(kafka, timeout);
            bootstrap = "localhost:" + kafka.port();
            stack.out().printf("kafka             %s  %s (data %s)%n", wasRunning ? "running" : "started", bootstrap, home.kafkaData());
        } else {
            bootstrap = externalBootstrap;
            TopicSetup.ensureTopics(home, bootstrap);
            stack.out().printf("kafka             external  %s%n", bootstrap);
        }
        List<String> properties = new ArrayList<>(serviceProperties);
        properties.add("-Dkafka.bootstrap.servers=" + bootstrap);
        properties.add("-Dquarkus.kafka-streams.bootstrap-servers=" + bootstrap);
        properties.add("-Dclara.model-store.root=" + home.modelStore());
        properties.add("-Dai.djl.offline=true");
        List<StackComponent> services = stack.services();
        List<StackComponent> started = new ArrayList<>();
        for (StackComponent service : services) {
            if (stack.running(service).isEmpty()) {
                stack.start(service, properties);
                started.add(service);
            }
        }
        for (StackComponent service : services) {
            stack.awaitHealthy(service, timeout);
            stack.out().printf("%-17s %s  http://localhost:%d (gRPC on the same port)%n", service.name(),
                    started.contains(service) ? "started" : "running", service.port());
        }
        stack.out().println("logs in " + home.runDir().resolve("logs") + "; stop with ./clara down");
        return bootstrap;
    }
}
