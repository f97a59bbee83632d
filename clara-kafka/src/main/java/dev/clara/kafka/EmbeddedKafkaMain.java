package dev.clara.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded broker as a process of its own, for the local stack ({@code ./clara up}).
 * It prints one line "ready BOOTSTRAP" once the broker serves and every Clara topic exists, and stops cleanly on
 * SIGTERM or Ctrl-C.
 */
public final class EmbeddedKafkaMain {
    private static final String USAGE = """
            usage: EmbeddedKafkaMain [--data DIR] [--port PORT] [--controller-port PORT]
              --data DIR             where the broker keeps its data; reused across restarts (default ./run/kafka)
              --port PORT            client port (default 9092)
              --controller-port PORT KRaft controller port (default 9093)
            """;

    private EmbeddedKafkaMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of("run", "kafka");
        int port = 9092;
        int controllerPort = 9093;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.print(USAGE);
                return;
            }
            if (i + 1 >= args.length) {
                System.err.print("missing value for " + arg + "\n" + USAGE);
                System.exit(2);
            }
            switch (arg) {
                case "--data" -> data = Path.of(args[++i]);
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--controller-port" -> controllerPort = Integer.parseInt(args[++i]);
                default -> {
                    System.err.print("unknown option " + arg + "\n" + USAGE);
                    System.exit(2);
                }
            }
        }
        Files.createDirectories(data);
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.persistent(data, port, controllerPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "clara-kafka-shutdown"));
        broker.start();
        System.out.println("ready " + broker.bootstrapServers() + " data=" + data.toAbsolutePath());
        System.out.flush();
        stopped.await();
    }
}
