package dev.clara.critic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.clara.kafka.testing.EmbeddedKafkaTestResource;
import dev.clara.kafka.testing.RequiresKafka;
import dev.clara.kafka.testing.TestKafkaClient;
import dev.clara.music.Note;
import dev.clara.music.Piece;
import dev.clara.music.midi.MidiWriter;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.Topics;
import dev.clara.proto.v1.CriticGrpc;
import dev.clara.proto.v1.DeadLetter;
import dev.clara.proto.v1.Sample;
import dev.clara.proto.v1.SampleScore;
import dev.clara.proto.v1.ScoreRequest;
import dev.clara.proto.v1.ScoreResponse;
import dev.clara.proto.v1.Scorer;
import dev.clara.scoring.ScoringModels;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The critic through a real broker and real gRPC calls, with a tiny random model. */
@QuarkusTest
@RequiresKafka
@QuarkusTestResource(EmbeddedKafkaTestResource.class)
@QuarkusTestResource(TinyCriticResource.class)
class CriticServiceTest {
    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Inject
    ScoringModels models;

    @BeforeEach
    void awaitModel() throws InterruptedException {
        for (int i = 0; i < 300 && models.version().isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertThat(models.version()).contains(TinyCriticResource.versionId);
    }

    static String tokens(int notes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < notes; i++) {
            sb.append("p").append(20 + i % 12).append(" wait6 endp").append(20 + i % 12).append(" ");
        }
        return sb.toString().trim();
    }

    @Test
    void everySampleGetsACriticScoreWithItsStatisticsAndABadRecordGoesToTheDeadLetterTopic() throws Exception {
        String request = "req-" + UUID.randomUUID();
        send(Topics.SAMPLES, request, "{\"sampleId\": ");
        for (int i = 0; i < 2; i++) {
            send(Topics.SAMPLES, request, ProtoJson.write(Sample.newBuilder().setSampleId(request + "-" + i)
                    .setRequestId(request).setIndex(i).setCount(2).setEncoding("notewise-sf12-r62")
                    .setTokens(tokens(i == 0 ? 10 : 100)).build()));
        }
        List<ConsumerRecord<String, String>> scores = read(Topics.SCORES, r -> r.key().startsWith(request), 2);
        assertThat(scores).hasSize(2);
        for (ConsumerRecord<String, String> record : scores) {
            SampleScore score = ProtoJson.read(record.value(), SampleScore.newBuilder());
            assertThat(score.getScorer()).isEqualTo(Scorer.SCORER_CRITIC);
            assertThat(score.getError()).isEmpty();
            assertThat(score.getPHuman()).isBetween(0.0, 1.0);
            assertThat(score.getModelVersion()).isEqualTo(TinyCriticResource.versionId);
            assertThat(score.getStats().getNPitchClassesUsed()).isEqualTo(score.getSampleIndex() == 0 ? 10 : 12);
            assertThat(score.getSampleCount()).isEqualTo(2);
            // 300 tokens over windows of 32: the long sample is scored window by window and averaged.
            assertThat(score.getWindows()).isEqualTo(score.getSampleIndex() == 0 ? 1 : 10);
        }
        List<ConsumerRecord<String, String>> letters = read(Topics.DLQ, r -> request.equals(r.key()), 1);
        assertThat(letters).hasSize(1);
        assertThat(ProtoJson.<DeadLetter>read(letters.get(0).value(), DeadLetter.newBuilder()).getErrorCode())
                .isEqualTo("INVALID_EVENT");
    }

    @Test
    void scoresTokenTextAndMidiOverGrpcAndRefusesWhatIsNotMusic() {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
        try {
            CriticGrpc.CriticBlockingStub critic = CriticGrpc.newBlockingStub(channel);
            ScoreResponse fromTokens = critic.score(ScoreRequest.newBuilder().setTokens(tokens(20)).build());
            assertThat(fromTokens.getPHuman()).isBetween(0.0, 1.0);
            assertThat(fromTokens.getStats().getNNotes()).isEqualTo(20);

            List<Note> notes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                notes.add(Note.piano(53 + i % 12, i * 0.5, i * 0.5 + 0.5));
            }
            byte[] midi = new MidiWriter().write(Piece.of("scale", notes));
            ScoreResponse fromMidi = critic.score(ScoreRequest.newBuilder().setMidi(ByteString.copyFrom(midi)).build());
            assertThat(fromMidi.getPHuman()).isEqualTo(fromTokens.getPHuman(), org.assertj.core.data.Offset.offset(1e-6));

            assertThatThrownBy(() -> critic.score(ScoreRequest.newBuilder().setMidi(ByteString.copyFromUtf8("nope")).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).startsWith("NOT_MIDI");
                    });
            assertThatThrownBy(() -> critic.score(ScoreRequest.newBuilder().setTokens("p1").setEncoding("chordwise-sf4-r62").build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
        } finally {
            channel.shutdownNow();
        }
    }

    static void send(String topic, String key, String value) throws Exception {
        TestKafkaClient.shared().send(topic, key, value);
    }

    static List<ConsumerRecord<String, String>> read(String topic, java.util.function.Predicate<ConsumerRecord<String, String>> match,
                                                     int count) {
        return TestKafkaClient.shared().await(topic, match, count, Duration.ofSeconds(60));
    }
}
