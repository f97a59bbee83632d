package dev.clara.composer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clara.kafka.testing.EmbeddedKafkaTestResource;
import dev.clara.kafka.testing.RequiresKafka;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.Topics;
import dev.clara.proto.v1.ComposerGrpc;
import dev.clara.proto.v1.Sample;
import dev.clara.proto.v1.SampleScore;
import dev.clara.proto.v1.ScoreRequest;
import dev.clara.proto.v1.Scorer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Before any composer model exists the service still answers every sample, with the reason there is no score, so
 * the ranker need not wait for its timeout; readiness is up since there is nothing to load.
 */
@QuarkusTest
@RequiresKafka
@QuarkusTestResource(EmbeddedKafkaTestResource.class)
class ComposerServiceWithoutModelTest {
    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void answersEverySampleWithTheReasonItCannotScoreIt() throws Exception {
        String request = "req-" + UUID.randomUUID();
        Properties props = new Properties();
        props.put("bootstrap.servers", EmbeddedKafkaTestResource.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.SAMPLES, request, ProtoJson.write(Sample.newBuilder()
                    .setSampleId(request + "-0").setRequestId(request).setCount(1).setEncoding("notewise-sf12-r62")
                    .setTokens("p20 wait12 endp20 p24 wait12 endp24").build()))).get(30, TimeUnit.SECONDS);
        }
        List<ConsumerRecord<String, String>> scores = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SCORES).stream()
                    .map(p -> new TopicPartition(Topics.SCORES, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (scores.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key().equals(request + "-0")) {
                        scores.add(r);
                    }
                });
            }
        }
        assertThat(scores).hasSize(1);
        SampleScore score = ProtoJson.read(scores.get(0).value(), SampleScore.newBuilder());
        assertThat(score.getScorer()).isEqualTo(Scorer.SCORER_COMPOSER);
        assertThat(score.getError()).isEqualTo("no composer model has been trained yet");
        assertThat(score.getComposersList()).isEmpty();
        assertThat(score.getStats().getNNotes()).isEqualTo(2);

        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
        try {
            assertThatThrownBy(() -> ComposerGrpc.newBlockingStub(channel).classify(ScoreRequest.newBuilder()
                    .setTokens("p20 wait12 endp20").build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                        assertThat(e.getStatus().getDescription()).isEqualTo("no composer model has been trained yet");
                    });
        } finally {
            channel.shutdownNow();
        }
        io.restassured.RestAssured.given().port(port).get("/q/health/ready").then().statusCode(200);
    }
}
