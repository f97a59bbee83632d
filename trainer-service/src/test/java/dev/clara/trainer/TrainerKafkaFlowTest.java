package dev.clara.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.clara.kafka.testing.EmbeddedKafkaTestResource;
import dev.clara.kafka.testing.RequiresKafka;
import dev.clara.music.encoding.TokenText;
import dev.clara.nn.store.ModelArtifact;
import dev.clara.nn.train.LanguageModelEvaluator;
import dev.clara.nn.train.ValidationMetrics;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.Topics;
import dev.clara.proto.v1.DeadLetter;
import dev.clara.proto.v1.Hyperparameters;
import dev.clara.proto.v1.ModelKind;
import dev.clara.proto.v1.ModelVersion;
import dev.clara.proto.v1.RunState;
import dev.clara.proto.v1.TrainProgress;
import dev.clara.proto.v1.TrainRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The trainer through a real Kafka broker: requests in, progress and model versions out, bad requests refused. */
@QuarkusTest
@RequiresKafka
@QuarkusTestResource(EmbeddedKafkaTestResource.class)
class TrainerKafkaFlowTest {

    static Hyperparameters tiny(int epochs) {
        return Hyperparameters.newBuilder().setEmbeddingSize(32).setHiddenSize(64).setNumLayers(2).setBptt(24)
                .setBatchSize(4).setEpochs(epochs).setLearningRate(0.01).setSeed(7).setAugment(false).build();
    }

    @Test
    void aBadRequestIsRefusedWithItsReasonAndTheNextGoodOneTrainsAndPublishesAVersion() throws Exception {
        String composer = "synthetic-" + UUID.randomUUID().toString().substring(0, 8);
        SyntheticCorpus.publish(composer, 6, 40);
        String bad = "bad-" + composer;
        String good = "good-" + composer;
        TrainRequest badRequest = TrainRequest.newBuilder().setRunId(bad).setKind(ModelKind.MODEL_KIND_GENERATOR)
                .setHyperparameters(tiny(1).toBuilder().setNumLayers(0).setEmbeddingSize(1_000_000_000)).build();
        TrainRequest goodRequest = TrainRequest.newBuilder().setRunId(good).setKind(ModelKind.MODEL_KIND_GENERATOR)
                .addComposers(composer).setHyperparameters(tiny(4)).build();
        SyntheticCorpus.send(Topics.TRAIN_REQUESTS, bad, ProtoJson.write(badRequest));
        SyntheticCorpus.send(Topics.TRAIN_REQUESTS, good, ProtoJson.write(goodRequest));

        List<TrainProgress> badProgress = progress(bad);
        TrainProgress refused = badProgress.get(badProgress.size() - 1);
        assertThat(refused.getState()).isEqualTo(RunState.RUN_STATE_REFUSED);
        assertThat(refused.getMessage()).contains("num_layers must be within 1..8, not 0")
                .contains("embedding_size must be within 1..4096, not 1000000000");
        List<ConsumerRecord<String, String>> letters = SyntheticCorpus.readUntil(Topics.DLQ, r -> bad.equals(r.key()),
                r -> true, Duration.ofSeconds(30));
        assertThat(letters).hasSize(1);
        DeadLetter letter = ProtoJson.read(letters.get(0).value(), DeadLetter.newBuilder());
        assertThat(letter.getErrorCode()).isEqualTo("INVALID_HYPERPARAMETERS");
        assertThat(letter.getSource()).isEqualTo(Topics.TRAIN_REQUESTS);

        List<TrainProgress> goodProgress = progress(good);
        TrainProgress last = goodProgress.get(goodProgress.size() - 1);
        assertThat(last.getState()).as(last.getMessage()).isEqualTo(RunState.RUN_STATE_SUCCEEDED);
        List<TrainProgress> epochs = goodProgress.stream().filter(p -> p.getValidationCount() > 0
                && p.getState() == RunState.RUN_STATE_RUNNING).toList();
        assertThat(epochs).hasSize(4);
        // Training works: the validation loss of the last epoch is well below the first one's.
        assertThat(epochs.get(3).getValidationOrThrow("loss")).isLessThan(epochs.get(0).getValidationOrThrow("loss") * 0.8);
        List<Double> stepLosses = goodProgress.stream().filter(p -> p.getValidationCount() == 0 && p.getStep() > 0)
                .map(TrainProgress::getLoss).toList();
        assertThat(stepLosses.get(stepLosses.size() - 1)).isLessThan(stepLosses.get(0));

        List<ConsumerRecord<String, String>> announced = SyntheticCorpus.readUntil(Topics.MODELS,
                r -> r.value().contains(last.getVersionId()), r -> true, Duration.ofSeconds(30));
        assertThat(announced).hasSize(1);
        assertThat(announced.get(0).key()).isEqualTo("generator");
        ModelVersion version = ProtoJson.read(announced.get(0).value(), ModelVersion.newBuilder());
        assertThat(version.getRunId()).isEqualTo(good);
        assertThat(version.getEncoding()).isEqualTo(SyntheticCorpus.ENCODING);
        assertThat(version.getParameterCount()).isPositive();
        assertThat(version.getHyperparameters().getNumLayers()).isEqualTo(2);

        // The stored artifact, reloaded, computes exactly the validation the trainer measured on the same pieces.
        Path directory = Path.of(URI.create(version.getArtifactUri()));
        assertThat(Files.isDirectory(directory)).isTrue();
        try (ModelArtifact artifact = ModelArtifact.read(directory, ai.djl.Device.cpu());
             NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            int[] validation = artifact.vocabulary().encode(SyntheticCorpus.piece(6, 40));
            ValidationMetrics metrics = new LanguageModelEvaluator(4, 24).evaluate(artifact.block(), manager, List.of(validation));
            assertThat(metrics.loss()).isCloseTo(version.getMetricsOrThrow("validation_loss"),
                    org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(TokenText.join(SyntheticCorpus.piece(0, 1))).isEqualTo("p27 wait4 endp27 p31 wait4 endp31 p34 wait4 endp34 wait12");
    }

    static List<TrainProgress> progress(String runId) {
        return SyntheticCorpus.readUntil(Topics.TRAIN_PROGRESS, r -> runId.equals(r.key()),
                        r -> r.value().contains("RUN_STATE_SUCCEEDED") || r.value().contains("RUN_STATE_FAILED")
                                || r.value().contains("RUN_STATE_REFUSED") || r.value().contains("RUN_STATE_CANCELLED"),
                        Duration.ofSeconds(240))
                .stream().map(r -> {
                    try {
                        return ProtoJson.<TrainProgress>read(r.value(), TrainProgress.newBuilder());
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }).toList();
    }
}
