package dev.clara.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates Clara's topics with their settings on any Kafka cluster; topics that exist are left as they are. */
public final class TopicCreator {
    private final String bootstrapServers;
    private final short replicationFactor;

    public TopicCreator(String bootstrapServers, short replicationFactor) {
        this.bootstrapServers = bootstrapServers;
        this.replicationFactor = replicationFactor;
    }

    /** Returns the names of the topics it created. */
    public List<String> createMissing() throws InterruptedException {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (ClaraTopic topic : ClaraTopic.values()) {
                if (!existing.contains(topic.topicName())) {
                    missing.add(new NewTopic(topic.topicName(), topic.partitions(), replicationFactor)
                            .configs(topic.configs()));
                }
            }
            List<String> created = new ArrayList<>();
            for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> result
                    : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get(30, TimeUnit.SECONDS);
                    created.add(result.getKey());
                } catch (ExecutionException e) {
                    // Another process (a second ./clara up) may have created it in the meantime.
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + result.getKey() + " on "
                                + bootstrapServers + ": " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            return created;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrapServers + ": " + e.getMessage(), e);
        }
    }

    /** {@code TopicCreator --bootstrap HOST:PORT [--replication N]}: prepares an existing cluster for Clara. */
    public static void main(String[] args) throws Exception {
        String bootstrap = "localhost:9092";
        short replication = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = args[++i];
                case "--replication" -> replication = Short.parseShort(args[++i]);
                default -> {
                    System.err.println("usage: TopicCreator --bootstrap HOST:PORT [--replication N]");
                    System.exit(2);
                }
            }
        }
        List<String> created = new TopicCreator(bootstrap, replication).createMissing();
        System.out.println(created.isEmpty() ? "all Clara topics exist on " + bootstrap
                : "created " + String.join(", ", created) + " on " + bootstrap);
    }
}
