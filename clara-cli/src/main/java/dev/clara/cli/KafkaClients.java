package dev.clara.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients with Clara's sizes: the CLI is an ordinary Kafka client speaking proto JSON. */
final class KafkaClients {
    private KafkaClients() {
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("acks", "all");
        props.put("compression.type", "zstd");
        props.put("max.request.size", Integer.toString(64 * 1024 * 1024));
        props.put("max.block.ms", "20000");
        props.put("delivery.timeout.ms", "60000");
        props.put("client.id", "clara-cli-" + UUID.randomUUID());
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /**
     * A consumer without a group, positioned at the end of every partition of {@code topics}: it sees only what
     * arrives after this call, which is how a command waits for the answers to what it is about to send.
     */
    static KafkaConsumer<String, String> tailing(String bootstrap, String... topics) {
        KafkaConsumer<String, String> consumer = plainConsumer(bootstrap);
        List<TopicPartition> partitions = partitions(consumer, topics);
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    /** A consumer without a group, positioned at the start of every partition of {@code topics}. */
    static KafkaConsumer<String, String> fromBeginning(String bootstrap, String... topics) {
        KafkaConsumer<String, String> consumer = plainConsumer(bootstrap);
        List<TopicPartition> partitions = partitions(consumer, topics);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static KafkaConsumer<String, String> plainConsumer(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("enable.auto.commit", "false");
        props.put("max.partition.fetch.bytes", Integer.toString(16 * 1024 * 1024));
        props.put("default.api.timeout.ms", "20000");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, String... topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            var infos = consumer.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist (is the stack up? try ./clara up)");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        return partitions;
    }
}
