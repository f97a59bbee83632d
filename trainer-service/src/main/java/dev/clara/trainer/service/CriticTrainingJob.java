package dev.clara.trainer.service;

import dev.clara.generation.GrammarConstraint;
import dev.clara.music.encoding.EncodingSpec;
import dev.clara.nn.classify.ClassifierArtifact;
import dev.clara.nn.classify.ClassifierConfig;
import dev.clara.nn.classify.LabelledPiece;
import dev.clara.nn.data.Vocabulary;
import dev.clara.nn.sample.BatchSampler;
import dev.clara.nn.sample.GeneratedSample;
import dev.clara.nn.sample.GenerationRequest;
import dev.clara.nn.sample.GenerationResult;
import dev.clara.nn.sample.SamplingSettings;
import dev.clara.nn.store.ModelArtifact;
import dev.clara.nn.store.ModelKind;
import dev.clara.service.CorpusPiece;
import dev.clara.trainer.config.TrainerConfig;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The critic: human excerpts from the corpus against machine excerpts that the trainer samples itself from a
 * generator, with varied settings as Clara did (random_freq uniform in 0..1, trunc 1..10) and the same grammar
 * mask the generator service uses, so the critic judges what the service actually produces.
 */
@Singleton
public class CriticTrainingJob extends ClassifierTrainingJob {
    static final int DEFAULT_MACHINE_SAMPLES = 64;
    private static final int BATCH = 8;
    private static final int PROMPT = 16;

    public CriticTrainingJob(TrainerConfig config, ModelCatalog catalog,
                             @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        super(config, catalog, bootstrapServers);
    }

    @Override
    public ModelKind kind() {
        return ModelKind.CRITIC;
    }

    @Override
    Dataset dataset(RunContext context, List<CorpusPiece> corpus, Vocabulary vocabulary, Optional<ModelArtifact> generator,
                    ClassifierConfig classifier) throws RefusedRequestException {
        if (generator.isEmpty()) {
            throw new RefusedRequestException("NO_GENERATOR", "the critic learns to tell the corpus from a generator's "
                    + "own samples: train a generator first (./clara train), or name one in base_version");
        }
        ModelArtifact model = generator.get();
        int machine = context.plan().request().getHyperparameters().hasMachineSamples()
                ? context.plan().request().getHyperparameters().getMachineSamples() : DEFAULT_MACHINE_SAMPLES;
        if (machine < 2) {
            throw new RefusedRequestException("INVALID_HYPERPARAMETERS", "machine_samples must be at least 2, not " + machine);
        }
        CorpusSelection human = CorpusSelection.of(corpus, 0);
        List<LabelledPiece> training = new ArrayList<>();
        List<LabelledPiece> validation = new ArrayList<>();
        int humanLabel = ClassifierArtifact.CRITIC_LABELS.indexOf("human");
        int machineLabel = ClassifierArtifact.CRITIC_LABELS.indexOf("machine");
        human.training().forEach(p -> training.add(new LabelledPiece(vocabulary.encode(p.tokens()), humanLabel)));
        human.validation().forEach(p -> validation.add(new LabelledPiece(vocabulary.encode(p.tokens()), humanLabel)));

        context.status(String.format(Locale.ROOT, "sampling %d machine pieces from %s", machine, model.version().versionId()));
        EncodingSpec spec = EncodingSpec.parse(model.version().encodingId());
        GrammarConstraint.Compiled grammar = new GrammarConstraint.Compiled(spec, vocabulary.tokens());
        SplittableRandom random = new SplittableRandom(classifier.seed());
        List<CorpusPiece> promptable = human.training().stream().filter(p -> p.tokens().size() >= PROMPT).toList();
        List<int[]> samples = new ArrayList<>();
        try (BatchSampler sampler = BatchSampler.builder().setModel(model.block()).build()) {
            while (samples.size() < machine && !context.cancelled()) {
                int count = Math.min(BATCH, machine - samples.size());
                List<int[]> prompts = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    prompts.add(prompt(promptable, vocabulary, random));
                }
                SamplingSettings settings = SamplingSettings.builder().optMode(SamplingSettings.Mode.CLARA)
                        .optRandomFreq(random.nextDouble()).optTrunc(1 + random.nextInt(10)).build();
                GenerationResult result = sampler.generate(GenerationRequest.builder().setCount(count)
                        .setLength(2 * classifier.bptt()).optPrompts(prompts).optSettings(settings)
                        .optSeed(random.nextLong())
                        .optConstraints((sample, prompt) -> new GrammarConstraint(grammar, true, prompt))
                        .optCancellation(context::cancelled).build());
                for (GeneratedSample sample : result.samples()) {
                    samples.add(sample.tokens());
                }
            }
        }
        // Every fifth machine sample is held out, as every test piece is on the human side.
        for (int i = 0; i < samples.size(); i++) {
            (i % 5 == 4 ? validation : training).add(new LabelledPiece(samples.get(i), machineLabel));
        }
        String summary = String.format(Locale.ROOT, "%d human pieces (%d held out), %d machine samples from %s",
                human.training().size() + human.validation().size(), human.validation().size(), samples.size(),
                model.version().versionId());
        return new Dataset(ClassifierArtifact.CRITIC_LABELS, training, validation, summary);
    }

    /**
     * A short excerpt of a random training piece (all of one length, as a batch primes together), so machine pieces
     * start as the service's corpus prompts do; without long enough pieces, the piece-start token alone.
     */
    private static int[] prompt(List<CorpusPiece> pieces, Vocabulary vocabulary, SplittableRandom random) {
        if (pieces.isEmpty()) {
            return new int[] {Vocabulary.PIECE_START_ID};
        }
        List<String> tokens = pieces.get(random.nextInt(pieces.size())).tokens();
        int start = random.nextInt(tokens.size() - PROMPT + 1);
        return vocabulary.encode(tokens.subList(start, start + PROMPT));
    }
}
