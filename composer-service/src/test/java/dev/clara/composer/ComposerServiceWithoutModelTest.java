package dev.clara.composer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clara.kafka.testing.EmbeddedKafkaTestResource;
import dev.clara.kafka.testing.RequiresKafka;
import dev.clara.kafka.testing.TestKafkaClient;
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
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
        TestKafkaClient kafka = TestKafkaClient.shared();
        kafka.send(Topics.SAMPLES, request, ProtoJson.write(Sample.newBuilder()
                .setSampleId(request + "-0").setRequestId(request).setCount(1).setEncoding("notewise-sf12-r62")
                .setTokens("p20 wait12 endp20 p24 wait12 endp24").build()));
        List<ConsumerRecord<String, String>> scores = kafka.await(Topics.SCORES, r -> r.key().equals(request + "-0"), 1,
                Duration.ofSeconds(60));
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
