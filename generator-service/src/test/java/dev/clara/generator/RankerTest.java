package dev.clara.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clara.kafka.testing.EmbeddedKafkaTestResource;
import dev.clara.kafka.testing.TestKafkaClient;
import dev.clara.kafka.testing.RequiresKafka;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.Topics;
import dev.clara.proto.v1.ComposerProbability;
import dev.clara.proto.v1.GeneratorGrpc;
import dev.clara.proto.v1.GetResultRequest;
import dev.clara.proto.v1.MusicStats;
import dev.clara.proto.v1.RankedResult;
import dev.clara.proto.v1.Sample;
import dev.clara.proto.v1.SampleScore;
import dev.clara.proto.v1.Scorer;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The ranker (Kafka Streams) joining samples and scores written by plain Kafka clients, as the scorers do. */
@QuarkusTest
@RequiresKafka
@QuarkusTestResource(EmbeddedKafkaTestResource.class)
@QuarkusTestResource(TinyGeneratorResource.class)
class RankerTest {
    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    static Sample sample(String requestId, int index, int count) {
        return Sample.newBuilder().setSampleId(requestId + "-" + index).setRequestId(requestId).setIndex(index)
                .setCount(count).setModelVersion("generator-test").setTokens("p1 wait2 endp1").setDurationSeconds(3)
                .setCreatedAtMs(System.currentTimeMillis()).build();
    }

    static SampleScore critic(Sample sample, double pHuman) {
        return SampleScore.newBuilder().setSampleId(sample.getSampleId()).setRequestId(sample.getRequestId())
                .setSampleIndex(sample.getIndex()).setSampleCount(sample.getCount()).setScorer(Scorer.SCORER_CRITIC)
                .setPHuman(pHuman).setModelVersion("critic-test")
                .setStats(MusicStats.newBuilder().setNNotes(1).setPitchRange(0)).build();
    }

    static SampleScore composer(Sample sample, double bach, double chopin) {
        return SampleScore.newBuilder().setSampleId(sample.getSampleId()).setRequestId(sample.getRequestId())
                .setSampleIndex(sample.getIndex()).setSampleCount(sample.getCount()).setScorer(Scorer.SCORER_COMPOSER)
                .setModelVersion("composer-test")
                .addComposers(ComposerProbability.newBuilder().setComposer(bach >= chopin ? "bach" : "chopin").setProbability(Math.max(bach, chopin)))
                .addComposers(ComposerProbability.newBuilder().setComposer(bach >= chopin ? "chopin" : "bach").setProbability(Math.min(bach, chopin)))
                .build();
    }

    static void send(String topic, String key, com.google.protobuf.Message message) throws Exception {
        TestKafkaClient.shared().send(topic, key, ProtoJson.write(message));
    }

    @Test
    void aRequestOfNSamplesYieldsExactlyOneRankedResultWithBothScoresBestFirst() throws Exception {
        String request = "rank-" + UUID.randomUUID();
        double[] pHuman = {0.2, 0.9, 0.5};
        // Scores may arrive before their samples; the ranker keeps both until the request is whole.
        for (int i = 0; i < 3; i++) {
            Sample sample = sample(request, i, 3);
            send(Topics.SCORES, sample.getSampleId(), composer(sample, i == 1 ? 0.95 : 0.5, i == 1 ? 0.05 : 0.5));
            send(Topics.SAMPLES, request, sample);
            send(Topics.SCORES, sample.getSampleId(), critic(sample, pHuman[i]));
        }
        List<ConsumerRecord<String, String>> ranked = TestKafkaClient.shared().await(Topics.RANKED, r -> request.equals(r.key()), 2,
                Duration.ofSeconds(20));
        assertThat(ranked).as("exactly one result per request").hasSize(1);
        RankedResult result = ProtoJson.read(ranked.get(0).value(), RankedResult.newBuilder());
        assertThat(result.getComplete()).isTrue();
        assertThat(result.getMissingList()).isEmpty();
        assertThat(result.getSamplesList()).extracting(s -> s.getIndex()).containsExactly(1, 2, 0);
        assertThat(result.getSamplesList()).allSatisfy(s -> {
            assertThat(s.hasPHuman()).isTrue();
            assertThat(s.getComposersCount()).isEqualTo(2);
        });
        assertThat(result.getSamples(0).getTopComposer()).isEqualTo("bach");
        // Sample 2 is human-like (0.5) with a 50/50 composer distribution: maximal entropy, flagged novel.
        assertThat(result.getSamples(1).getNovel()).isTrue();
        assertThat(result.getSamples(0).getNovel()).isFalse();
        assertThat(result.getInceptionScore()).isGreaterThan(1.0);
        assertThat(result.getCriticVersion()).isEqualTo("critic-test");

        // GetResult answers from clara.ranked.
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
        try {
            RankedResult viaGrpc = GeneratorGrpc.newBlockingStub(channel).getResult(GetResultRequest.newBuilder()
                    .setRequestId(request).setWaitMs(20_000).build());
            assertThat(viaGrpc.getSamplesList()).hasSize(3);
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void withoutTheComposerScoresTheTimeoutPublishesTheResultNamingWhatIsMissing() throws Exception {
        String request = "timeout-" + UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            Sample sample = sample(request, i, 2);
            send(Topics.SAMPLES, request, sample);
            send(Topics.SCORES, sample.getSampleId(), critic(sample, 0.3 + i * 0.1));
        }
        List<ConsumerRecord<String, String>> ranked = TestKafkaClient.shared().await(Topics.RANKED, r -> request.equals(r.key()), 1,
                Duration.ofSeconds(40));
        assertThat(ranked).hasSize(1);
        RankedResult result = ProtoJson.read(ranked.get(0).value(), RankedResult.newBuilder());
        assertThat(result.getComplete()).isFalse();
        assertThat(result.getMissingList()).containsExactly("sample 0 (" + request + "-0): composer score",
                "sample 1 (" + request + "-1): composer score");
        assertThat(result.getSamplesList()).extracting(s -> s.getIndex()).containsExactly(1, 0);
        assertThat(result.hasInceptionScore()).isFalse();
        // A late composer score does not publish the request a second time.
        Sample late = sample(request, 0, 2);
        send(Topics.SCORES, late.getSampleId(), composer(late, 0.6, 0.4));
        assertThat(TestKafkaClient.shared().await(Topics.RANKED, r -> request.equals(r.key()), 2, Duration.ofSeconds(5))).hasSize(1);
    }

    @Test
    void anUnreadableScoreBecomesADeadLetterAndTheRankerGoesOn() throws Exception {
        String key = "garbage-" + UUID.randomUUID();
        TestKafkaClient.shared().send(Topics.SCORES, key, "{\"sampleId\": 12, ");
        assertThat(TestKafkaClient.shared().await(Topics.DLQ, r -> key.equals(r.key()), 1, Duration.ofSeconds(20))).hasSize(1);
        String request = "after-" + UUID.randomUUID();
        Sample sample = sample(request, 0, 1);
        send(Topics.SAMPLES, request, sample);
        send(Topics.SCORES, sample.getSampleId(), critic(sample, 0.7));
        send(Topics.SCORES, sample.getSampleId(), composer(sample, 0.7, 0.3));
        assertThat(TestKafkaClient.shared().await(Topics.RANKED, r -> request.equals(r.key()), 1, Duration.ofSeconds(20))).hasSize(1);
    }
}
