package dev.clara.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clara.proto.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    @TempDir
    Path dataDir;

    @Test
    void createsEveryTopicWithItsSettingsAndKeepsRecordsAcrossARestart() throws Exception {
        String value = "{\"pieceId\":\"" + UUID.randomUUID() + "\"}";
        int port;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.persistent(dataDir, 0, 0).start()) {
            port = broker.port();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                        .contains(Topics.MIDI, Topics.TOKENS, Topics.MODELS, Topics.RANKED, Topics.DLQ,
                                Topics.TRAIN_REQUESTS, Topics.TRAIN_PROGRESS, Topics.GENERATE_REQUESTS,
                                Topics.SAMPLES, Topics.SCORES);
                Config tokens = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, Topics.TOKENS)))
                        .all().get(30, TimeUnit.SECONDS).values().iterator().next();
                assertThat(tokens.get("cleanup.policy").value()).isEqualTo("compact");
                assertThat(tokens.get("compression.type").value()).isEqualTo("zstd");
                assertThat(tokens.get("max.message.bytes").value()).isEqualTo(Integer.toString(8 * 1024 * 1024));
                Config midi = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, Topics.MIDI)))
                        .all().get(30, TimeUnit.SECONDS).values().iterator().next();
                assertThat(midi.get("cleanup.policy").value()).isEqualTo("delete");
                TopicDescription requests = admin.describeTopics(List.of(Topics.GENERATE_REQUESTS))
                        .allTopicNames().get(30, TimeUnit.SECONDS).get(Topics.GENERATE_REQUESTS);
                assertThat(requests.partitions()).hasSize(ClaraTopic.GENERATE_REQUESTS.partitions());
            }
            produce(broker.bootstrapServers(), Topics.MIDI, "p1", value);
            // A big record (a long token stream) fits: 6 MB of text goes through in one record.
            produce(broker.bootstrapServers(), Topics.TOKENS, "big", "w".repeat(6_000_000));
        }
        assertThat(Files.exists(dataDir.resolve("kraft-logs").resolve("meta.properties"))).isTrue();

        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.persistent(dataDir, port, 0).start()) {
            List<String> values = readAll(again.bootstrapServers(), Topics.MIDI);
            assertThat(values).contains(value);
        }
    }

    @Test
    void topicCreatorLeavesExistingTopicsAlone() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.temporary().start()) {
            assertThat(new TopicCreator(broker.bootstrapServers(), (short) 1).createMissing()).isEmpty();
        }
    }

    private static void produce(String bootstrap, String topic, String key, String value) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("max.request.size", Integer.toString(16 * 1024 * 1024));
        props.put("compression.type", "zstd");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> readAll(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> values = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }
}
