package dev.clara.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Apache Kafka broker in KRaft mode (one node that is both broker and controller), started from the Kafka
 * jars in this JVM. The data directory is formatted once and reused, so topics and records survive a restart.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final int NODE_ID = 1;

    private final Path dataDir;
    private final boolean deleteOnClose;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Path dataDir, boolean deleteOnClose, int port, int controllerPort) {
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** A broker whose data lives in {@code dataDir} (created and formatted when new). Port 0 picks a free one. */
    public static EmbeddedKafkaBroker persistent(Path dataDir, int port, int controllerPort) {
        return new EmbeddedKafkaBroker(dataDir, false, port == 0 ? freePort() : port,
                controllerPort == 0 ? freePort() : controllerPort);
    }

    /** A broker on free ports whose data is deleted when it is closed: one per test JVM. */
    public static EmbeddedKafkaBroker temporary() {
        try {
            return new EmbeddedKafkaBroker(Files.createTempDirectory("clara-kafka-"), true, freePort(), freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            return this;
        }
        Path logDir = dataDir.resolve("kraft-logs");
        KafkaConfig config = new KafkaConfig(brokerProperties(logDir), false);
        formatIfNew(logDir);
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        try {
            new TopicCreator(bootstrapServers(), (short) 1).createMissing();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
        return this;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
        if (deleteOnClose) {
            deleteRecursively(dataDir);
        }
    }

    private Properties brokerProperties(Path logDir) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // One node: every internal topic has one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("message.max.bytes", Integer.toString(ClaraTopic.MAX_MESSAGE_BYTES + 64 * 1024));
        p.put("replica.fetch.max.bytes", Integer.toString(ClaraTopic.MAX_MESSAGE_BYTES + 64 * 1024));
        // Sized for a laptop running six JVMs: the defaults assume a dedicated server.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        p.put("log.cleaner.io.buffer.size", Integer.toString(1024 * 1024));
        p.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        p.put("num.partitions", "1");
        return p;
    }

    private void formatIfNew(Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("localhost", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temp directory is harmless; never fail a shutdown for it.
        }
    }
}
