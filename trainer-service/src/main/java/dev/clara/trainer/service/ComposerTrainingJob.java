package dev.clara.trainer.service;

import dev.clara.nn.classify.ClassifierConfig;
import dev.clara.nn.classify.LabelledPiece;
import dev.clara.nn.data.Vocabulary;
import dev.clara.nn.store.ModelArtifact;
import dev.clara.nn.store.ModelKind;
import dev.clara.service.CorpusPiece;
import dev.clara.trainer.config.TrainerConfig;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The composer model: excerpts labelled by their piece's composer, for the composers with enough pieces. Split by
 * piece (Clara split by chunk, so excerpts of one piece leaked into both sides): the encoder's test split is held
 * out, and a composer without a test piece lends its last piece to validation.
 */
@Singleton
public class ComposerTrainingJob extends ClassifierTrainingJob {
    static final int DEFAULT_MIN_PIECES = 10;

    public ComposerTrainingJob(TrainerConfig config, ModelCatalog catalog,
                               @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        super(config, catalog, bootstrapServers);
    }

    @Override
    public ModelKind kind() {
        return ModelKind.COMPOSER;
    }

    @Override
    Dataset dataset(RunContext context, List<CorpusPiece> corpus, Vocabulary vocabulary, Optional<ModelArtifact> generator,
                    ClassifierConfig classifier) throws RefusedRequestException {
        int minPieces = context.plan().request().getHyperparameters().hasMinPiecesPerClass()
                ? context.plan().request().getHyperparameters().getMinPiecesPerClass() : DEFAULT_MIN_PIECES;
        Map<String, List<CorpusPiece>> byComposer = corpus.stream().filter(p -> !p.composer().isBlank())
                .collect(Collectors.groupingBy(CorpusPiece::composer, TreeMap::new, Collectors.toList()));
        byComposer.values().removeIf(pieces -> pieces.size() < Math.max(2, minPieces));
        if (byComposer.size() < 2) {
            throw new RefusedRequestException("EMPTY_CORPUS", "the composer model needs at least two composers with "
                    + Math.max(2, minPieces) + " pieces each; the corpus has " + byComposer.keySet());
        }
        List<String> labels = new ArrayList<>(byComposer.keySet());
        List<LabelledPiece> training = new ArrayList<>();
        List<LabelledPiece> validation = new ArrayList<>();
        for (int label = 0; label < labels.size(); label++) {
            List<CorpusPiece> pieces = new ArrayList<>(byComposer.get(labels.get(label)));
            pieces.sort(Comparator.comparing(CorpusPiece::pieceId));
            boolean anyTest = pieces.stream().anyMatch(CorpusPiece::test);
            for (int i = 0; i < pieces.size(); i++) {
                CorpusPiece piece = pieces.get(i);
                boolean held = anyTest ? piece.test() : i == pieces.size() - 1;
                (held ? validation : training).add(new LabelledPiece(vocabulary.encode(piece.tokens()), label));
            }
        }
        String summary = labels.size() + " composers (" + labels.stream().map(c -> c + " " + byComposer.get(c).size())
                .collect(Collectors.joining(", ")) + " pieces)";
        return new Dataset(labels, training, validation, summary);
    }
}
