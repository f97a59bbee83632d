package dev.clara.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clara.kafka.testing.EmbeddedKafkaTestResource;
import dev.clara.kafka.testing.RequiresKafka;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.Topics;
import dev.clara.proto.v1.EncodedPiece;
import dev.clara.proto.v1.Hyperparameters;
import dev.clara.proto.v1.ListModelsRequest;
import dev.clara.proto.v1.ModelKind;
import dev.clara.proto.v1.ModelVersion;
import dev.clara.proto.v1.RunState;
import dev.clara.proto.v1.Split;
import dev.clara.proto.v1.StartTrainingResponse;
import dev.clara.proto.v1.TrainProgress;
import dev.clara.proto.v1.TrainRequest;
import dev.clara.proto.v1.TrainerGrpc;
import dev.clara.proto.v1.WatchTrainingRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Generator, composer model and critic trained over gRPC on two synthetic "composers" who play in different registers. */
@QuarkusTest
@RequiresKafka
@QuarkusTestResource(EmbeddedKafkaTestResource.class)
class ClassifierTrainingTest {
    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private ManagedChannel channel;
    private TrainerGrpc.TrainerBlockingStub trainer;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
        trainer = TrainerGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void disconnect() {
        channel.shutdownNow();
    }

    /** Scales in a low register for one composer, a high one for the other. */
    static List<String> piece(int low, int variant) {
        List<String> tokens = new ArrayList<>();
        for (int bar = 0; bar < 30; bar++) {
            for (int step = 0; step < 4; step++) {
                int key = low + (bar * 3 + step * (variant + 1)) % 10;
                tokens.add("p" + key);
                tokens.add("wait3");
                tokens.add("endp" + key);
            }
            tokens.add("wait6");
        }
        return tokens;
    }

    static void publish(String run) throws Exception {
        try (KafkaProducer<String, String> producer = SyntheticCorpus.producer()) {
            for (String composer : List.of("low", "high")) {
                for (int i = 0; i < 5; i++) {
                    String id = run + "/" + composer + "-" + i;
                    List<String> tokens = piece(composer.equals("low") ? 5 : 40, i);
                    EncodedPiece piece = EncodedPiece.newBuilder().setPieceId(id).setComposer(run + "-" + composer)
                            .setSplit(i == 4 ? Split.SPLIT_TEST : Split.SPLIT_TRAIN).setEncoding(SyntheticCorpus.ENCODING)
                            .setTokens(String.join(" ", tokens)).setTokenCount(tokens.size()).build();
                    producer.send(new ProducerRecord<>(Topics.TOKENS, Topics.tokensKey(id, SyntheticCorpus.ENCODING),
                            ProtoJson.write(piece))).get(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    private TrainProgress train(TrainRequest request) {
        StartTrainingResponse started = trainer.startTraining(request);
        TrainProgress last = null;
        Iterator<TrainProgress> stream = trainer.withDeadlineAfter(240, TimeUnit.SECONDS)
                .watchTraining(WatchTrainingRequest.newBuilder().setRunId(started.getRunId()).build());
        while (stream.hasNext()) {
            last = stream.next();
        }
        return last;
    }

    @Test
    void trainsTheComposerModelAndTheCriticFromTheGeneratorAndPublishesTheirMetrics() throws Exception {
        String run = "cls-" + UUID.randomUUID().toString().substring(0, 8);
        publish(run);
        List<String> composers = List.of(run + "-high", run + "-low");
        TrainProgress generator = train(TrainRequest.newBuilder().setKind(ModelKind.MODEL_KIND_GENERATOR)
                .addAllComposers(composers).setHyperparameters(TrainerKafkaFlowTest.tiny(2)).build());
        assertThat(generator.getState()).as(generator.getMessage()).isEqualTo(RunState.RUN_STATE_SUCCEEDED);

        Hyperparameters classifier = Hyperparameters.newBuilder().setBptt(24).setBatchSize(8).setEpochs(12)
                .setFrozenEpochs(1).setLearningRate(0.02).setSeed(3).setAugment(false).setMinPiecesPerClass(5)
                .setMachineSamples(10).build();
        TrainProgress composer = train(TrainRequest.newBuilder().setKind(ModelKind.MODEL_KIND_COMPOSER)
                .addAllComposers(composers).setBaseVersion(generator.getVersionId()).setHyperparameters(classifier).build());
        assertThat(composer.getState()).as(composer.getMessage()).isEqualTo(RunState.RUN_STATE_SUCCEEDED);
        TrainProgress critic = train(TrainRequest.newBuilder().setKind(ModelKind.MODEL_KIND_CRITIC)
                .addAllComposers(composers).setBaseVersion(generator.getVersionId()).setHyperparameters(classifier).build());
        assertThat(critic.getState()).as(critic.getMessage()).isEqualTo(RunState.RUN_STATE_SUCCEEDED);

        List<ModelVersion> versions = trainer.listModels(ListModelsRequest.getDefaultInstance()).getVersionsList();
        ModelVersion composerVersion = versions.stream().filter(v -> v.getVersionId().equals(composer.getVersionId()))
                .findFirst().orElseThrow();
        assertThat(composerVersion.getKind()).isEqualTo(ModelKind.MODEL_KIND_COMPOSER);
        assertThat(composerVersion.getLabelsList()).containsExactly(run + "-high", run + "-low");
        assertThat(composerVersion.getParentVersion()).isEqualTo(generator.getVersionId());
        // Two registers that never overlap: the held-out pieces are told apart.
        assertThat(composerVersion.getMetricsOrThrow("accuracy")).isGreaterThanOrEqualTo(0.8);
        assertThat(composerVersion.getMetricsMap()).containsKeys("precision." + run + "-low", "recall." + run + "-high",
                "confusion." + run + "-low." + run + "-high");

        ModelVersion criticVersion = versions.stream().filter(v -> v.getVersionId().equals(critic.getVersionId()))
                .findFirst().orElseThrow();
        assertThat(criticVersion.getLabelsList()).containsExactly("machine", "human");
        assertThat(criticVersion.getMetricsMap()).containsKeys("accuracy", "precision.human", "recall.machine",
                "confusion.human.machine");
        assertThat(criticVersion.getDescription()).contains("10 machine samples from " + generator.getVersionId());
    }

    @Test
    void aFullQueueRefusesFurtherRequestsWithTheReason() throws Exception {
        String run = "queue-" + UUID.randomUUID().toString().substring(0, 8);
        SyntheticCorpus.publish(run, 3, 40);
        // A run of a few seconds, one waiting behind it (capacity 1 in tests), and one too many.
        TrainRequest slow = TrainRequest.newBuilder().setKind(ModelKind.MODEL_KIND_GENERATOR).addComposers(run)
                .setHyperparameters(TrainerKafkaFlowTest.tiny(100).toBuilder().setMaxSeconds(4)).build();
        StartTrainingResponse first = trainer.startTraining(slow.toBuilder().setRunId(run + "-1").build());
        StartTrainingResponse second = trainer.startTraining(slow.toBuilder().setRunId(run + "-2").build());
        assertThat(first.getQueuePosition()).isZero();
        assertThat(second.getQueuePosition()).isEqualTo(1);
        assertThatThrownBy(() -> trainer.startTraining(slow.toBuilder().setRunId(run + "-3").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    assertThat(e.getStatus().getDescription()).startsWith("QUEUE_FULL: the training queue is full");
                });
        assertThatThrownBy(() -> trainer.startTraining(slow.toBuilder().setRunId(run + "-2").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getDescription()).startsWith("DUPLICATE_RUN"));
        // Both accepted runs still finish.
        for (String id : List.of(run + "-1", run + "-2")) {
            TrainProgress last = null;
            Iterator<TrainProgress> stream = trainer.withDeadlineAfter(120, TimeUnit.SECONDS)
                    .watchTraining(WatchTrainingRequest.newBuilder().setRunId(id).build());
            while (stream.hasNext()) {
                last = stream.next();
            }
            assertThat(last.getState()).as(id + ": " + last.getMessage()).isEqualTo(RunState.RUN_STATE_SUCCEEDED);
        }
    }

    @Test
    void aComposerModelNeedsTwoComposersWithEnoughPieces() {
        String run = "lonely-" + UUID.randomUUID().toString().substring(0, 8);
        assertThatThrownBy(() -> trainer.startTraining(TrainRequest.newBuilder().setKind(ModelKind.MODEL_KIND_COMPOSER)
                .setHyperparameters(Hyperparameters.newBuilder().setBatchSize(0)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        TrainProgress refused = train(TrainRequest.newBuilder().setKind(ModelKind.MODEL_KIND_COMPOSER)
                .addComposers(run).setHyperparameters(Hyperparameters.newBuilder().setEpochs(1)).build());
        assertThat(refused.getState()).isEqualTo(RunState.RUN_STATE_REFUSED);
        assertThat(refused.getMessage()).startsWith("EMPTY_CORPUS");
    }
}
