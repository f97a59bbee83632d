package dev.clara.kafka.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A plain Kafka client for tests, beside the service under test: what any other producer or consumer of Clara's
 * topics would do. Reads only committed records, as consumers of the ranker's exactly-once output must.
 */
public final class TestKafkaClient {
    private final String bootstrapServers;

    public TestKafkaClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** The client of the test JVM's shared broker. */
    public static TestKafkaClient shared() {
        return new TestKafkaClient(EmbeddedKafkaTestResource.bootstrapServers());
    }

    /** A producer sized for MIDI files and token texts; the caller closes it. */
    public KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("max.request.size", Integer.toString(32 * 1024 * 1024));
        props.put("compression.type", "zstd");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** Sends one record and waits for the broker's acknowledgement. */
    public void send(String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Reads {@code topic} from the beginning until {@code count} records match or the timeout passes. */
    public List<ConsumerRecord<String, String>> await(String topic, Predicate<ConsumerRecord<String, String>> match,
                                                      int count, Duration timeout) {
        return read(topic, match, found -> found.size() >= count, timeout);
    }

    /**
     * Reads {@code topic} from the beginning, keeping the records that match, until {@code done} holds for what was
     * kept or the timeout passes.
     */
    public List<ConsumerRecord<String, String>> read(String topic, Predicate<ConsumerRecord<String, String>> match,
                                                     Predicate<List<ConsumerRecord<String, String>>> done, Duration timeout) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("isolation.level", "read_committed");
        props.put("max.partition.fetch.bytes", Integer.toString(16 * 1024 * 1024));
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(found) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record)) {
                        found.add(record);
                        if (done.test(found)) {
                            return found;
                        }
                    }
                }
            }
        }
        return found;
    }
}
