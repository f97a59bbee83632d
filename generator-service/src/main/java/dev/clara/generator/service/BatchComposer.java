package dev.clara.generator.service;

import com.google.protobuf.ByteString;
import dev.clara.generator.config.GeneratorConfig;
import dev.clara.generation.GrammarConstraint;
import dev.clara.generator.messaging.SamplePublisher;
import dev.clara.music.MidiFormatException;
import dev.clara.music.Piece;
import dev.clara.music.encoding.EncodingSpec;
import dev.clara.music.encoding.TokenEncoder;
import dev.clara.music.midi.MidiReader;
import dev.clara.music.midi.MidiWriter;
import dev.clara.nn.data.Vocabulary;
import dev.clara.nn.sample.BatchSampler;
import dev.clara.nn.sample.GeneratedSample;
import dev.clara.nn.sample.GenerationRequest;
import dev.clara.nn.sample.GenerationResult;
import dev.clara.nn.sample.SamplingSettings;
import dev.clara.proto.v1.GenerationProgress;
import dev.clara.proto.v1.GenerationStarted;
import dev.clara.proto.v1.Sample;
import dev.clara.service.HotSwapModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Composes one request: leases the model, builds each sample's prompt, samples the batch with the grammar mask,
 * decodes every sample to MIDI and publishes it to clara.samples (and to the caller).
 */
@ApplicationScoped
public class BatchComposer {
    private final GeneratorConfig config;
    private final GeneratorModels models;
    private final CorpusPrompts corpus;
    private final SamplePublisher publisher;
    private final MeterRegistry metrics;
    private final Timer stepTimer;

    public BatchComposer(GeneratorConfig config, GeneratorModels models, CorpusPrompts corpus, SamplePublisher publisher,
                         MeterRegistry metrics) {
        this.config = config;
        this.models = models;
        this.corpus = corpus;
        this.publisher = publisher;
        this.metrics = metrics;
        this.stepTimer = Timer.builder("clara.generator.step").description("One sampling step for a whole batch")
                .register(metrics);
    }

    public List<Sample> compose(GenerationPlan plan, GenerationListener listener, BooleanSupplier cancelled)
            throws RefusedGenerationException {
        try (HotSwapModel.Lease<LoadedGenerator> lease = models.lease(plan.modelVersion())) {
            LoadedGenerator model = lease.model();
            EncodingSpec spec = model.spec();
            Vocabulary vocabulary = model.artifact().vocabulary();
            Prompts prompts = prompts(plan, model);
            long[] targetSteps = new long[plan.count()];
            List<GrammarConstraint> grammars = new ArrayList<>();
            for (int i = 0; i < plan.count(); i++) {
                grammars.add(null);
            }
            double stepsPerSecond = prompts.tempoBpm() / 60.0 * spec.sampleFreq();
            long stepTarget = plan.lengthSeconds() > 0 ? Math.max(1, Math.round(plan.lengthSeconds() * stepsPerSecond)) : 0;
            listener.started(GenerationStarted.newBuilder().setRequestId(plan.requestId()).setModelVersion(lease.version())
                    .setCount(plan.count()).setLengthTokens(plan.lengthTokens()).setPromptTokens(prompts.ids().get(0).length)
                    .setSeed(plan.seed()).build());
            long startNanos = System.nanoTime();
            long[] lastProgress = {0};
            GenerationRequest.Builder request = GenerationRequest.builder()
                    .setCount(plan.count())
                    .setLength(plan.lengthTokens())
                    .optPrompts(prompts.ids())
                    .optSettings(settings(plan.sampling()))
                    .optSeed(plan.seed())
                    .optConstraints((sample, prompt) -> {
                        GrammarConstraint grammar = new GrammarConstraint(model.grammar(), plan.sampling().masked(), prompt);
                        grammars.set(sample, grammar);
                        targetSteps[sample] = stepTarget == 0 ? 0 : grammar.steps() + stepTarget;
                        return grammar;
                    })
                    .optCancellation(cancelled)
                    .optListener(progress -> {
                        long now = System.nanoTime();
                        if (!progress.last() && now - lastProgress[0] < config.progressInterval().toNanos()) {
                            return;
                        }
                        lastProgress[0] = now;
                        GenerationProgress.Builder event = GenerationProgress.newBuilder().setRequestId(plan.requestId())
                                .setLengthTokens(plan.lengthTokens())
                                .setTokensPerSecond(progress.totalTokens() / Math.max(1e-9, (now - startNanos) / 1e9));
                        for (int[] tokens : progress.tokens()) {
                            event.addTokens(tokens.length);
                        }
                        listener.progress(event.build());
                    }, 25);
            if (stepTarget > 0) {
                request.optStopCondition((sample, tokenId) -> grammars.get(sample).steps() >= targetSteps[sample]);
            }
            GenerationResult result = model.sampler().generate(request.build());
            stepTimer.record(java.time.Duration.ofNanos((long) (result.millisPerStep() * 1e6)));
            metrics.counter("clara.generator.tokens").increment(result.totalTokens());
            if (result.cancelled()) {
                throw new java.util.concurrent.CancellationException("generation of " + plan.requestId() + " cancelled");
            }
            List<Sample> samples = new ArrayList<>();
            TokenEncoder encoder = TokenEncoder.forSpec(spec);
            for (GeneratedSample generated : result.samples()) {
                List<String> tokens = new ArrayList<>(generated.tokens().length);
                for (int id : generated.tokens()) {
                    String token = vocabulary.token(id);
                    if (!token.startsWith("<")) {
                        tokens.add(token);
                    }
                }
                Piece piece = encoder.decode(tokens, prompts.tempoBpm());
                GrammarConstraint grammar = grammars.get(generated.index());
                Sample sample = Sample.newBuilder()
                        .setSampleId(plan.requestId() + "-" + generated.index())
                        .setRequestId(plan.requestId())
                        .setIndex(generated.index())
                        .setCount(plan.count())
                        .setModelVersion(lease.version())
                        .setEncoding(spec.id())
                        .setTokens(String.join(" ", tokens))
                        .setTokenCount(tokens.size())
                        .setPromptTokens(String.join(" ", vocabulary.decode(prompts.ids().get(generated.index()))))
                        .setMidi(ByteString.copyFrom(new MidiWriter().write(piece)))
                        .setDurationSeconds(piece.durationSeconds())
                        .setSampling(plan.request().getSampling())
                        .setSeed(result.seed())
                        .setMaskedChoices(generated.maskedChoices())
                        .setGrammarViolations(plan.sampling().masked() ? generated.grammarViolations()
                                : grammar == null ? 0 : grammar.impossibleAccepted())
                        .setCreatedAtMs(System.currentTimeMillis())
                        .setTempoBpm(prompts.tempoBpm())
                        .build();
                publisher.publish(sample);
                listener.sample(sample);
                samples.add(sample);
            }
            return samples;
        }
    }

    /** Each sample's prompt ids (all of one length, as the batch primes together) and the tempo of the music. */
    record Prompts(List<int[]> ids, double tempoBpm) {
    }

    private Prompts prompts(GenerationPlan plan, LoadedGenerator model) throws RefusedGenerationException {
        Vocabulary vocabulary = model.artifact().vocabulary();
        EncodingSpec spec = model.spec();
        double tempo = 120.0;
        List<List<String>> perSample = new ArrayList<>();
        if (plan.prompt() instanceof PromptSource.Midi midi) {
            Piece piece;
            List<String> tokens;
            try {
                piece = new MidiReader(spec.chamber(), config.maxPromptBytes()).read(midi.bytes());
                tokens = TokenEncoder.forSpec(spec).encode(piece);
            } catch (MidiFormatException e) {
                throw RefusedGenerationException.invalid("INVALID_PROMPT", "prompt_midi: " + e.code() + ": " + e.reason());
            }
            tempo = piece.tempoBpm();
            perSample.add(withStart(last(tokens, plan.promptSize())));
        } else if (plan.prompt() instanceof PromptSource.Tokens text) {
            List<String> tokens = text.text().isBlank() ? List.of() : List.of(text.text().trim().split("\\s+"));
            perSample.add(withStart(last(tokens, plan.promptSize())));
        } else if (plan.prompt() instanceof PromptSource.Corpus corpusPrompt) {
            for (int i = 0; i < plan.count(); i++) {
                SplittableRandom random = BatchSampler.sampleRandom(plan.seed() ^ 0x5eedL, i);
                List<String> excerpt = corpus.excerpt(spec.id(), corpusPrompt.testSplit(), plan.promptSize(), random);
                perSample.add(excerpt.isEmpty() ? List.of(Vocabulary.PIECE_START) : excerpt);
            }
        }
        // The batch primes together: every prompt is cut to the shortest one's length (keeping its last tokens).
        int length = perSample.stream().mapToInt(List::size).min().orElse(1);
        List<int[]> ids = new ArrayList<>();
        for (int i = 0; i < plan.count(); i++) {
            List<String> tokens = perSample.get(perSample.size() == 1 ? 0 : i);
            ids.add(vocabulary.encode(tokens.subList(tokens.size() - length, tokens.size())));
        }
        return new Prompts(ids, tempo);
    }

    private static List<String> last(List<String> tokens, int size) {
        return tokens.size() <= size ? tokens : tokens.subList(tokens.size() - size, tokens.size());
    }

    private static List<String> withStart(List<String> tokens) {
        List<String> prompt = new ArrayList<>(tokens.size() + 1);
        prompt.add(Vocabulary.PIECE_START);
        prompt.addAll(tokens);
        return prompt;
    }

    private static SamplingSettings settings(SamplingChoice choice) {
        SamplingSettings.Builder builder = SamplingSettings.builder();
        if (choice.claraMix()) {
            return builder.optMode(SamplingSettings.Mode.CLARA).optRandomFreq(choice.randomFreq()).optTrunc(choice.trunc()).build();
        }
        return builder.optMode(SamplingSettings.Mode.SAMPLING).optTemperature(choice.temperature()).optTopK(choice.topK())
                .optTopP(choice.topP()).build();
    }
}
