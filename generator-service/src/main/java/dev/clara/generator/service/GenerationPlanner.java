package dev.clara.generator.service;

import dev.clara.generator.config.GeneratorConfig;
import dev.clara.proto.v1.GenerateRequest;
import dev.clara.proto.v1.SamplingSettings;
import dev.clara.proto.v1.Split;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Checks a {@link GenerateRequest} against the limits and fills in the defaults; every problem is reported at once. */
@ApplicationScoped
public class GenerationPlanner {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private final GeneratorConfig config;

    public GenerationPlanner(GeneratorConfig config) {
        this.config = config;
    }

    public GenerationPlan plan(GenerateRequest request) throws RefusedGenerationException {
        String requestId = request.getRequestId().isBlank() ? "req-" + UUID.randomUUID().toString().substring(0, 13)
                : request.getRequestId();
        List<String> problems = new ArrayList<>();
        if (!ID.matcher(requestId).matches()) {
            problems.add("request id '" + requestId + "' must be 1-100 letters, digits, '.', '_' or '-'");
        }
        int count = request.getCount() == 0 ? config.defaultCount() : request.getCount();
        if (count < 1 || count > config.maxCount()) {
            problems.add("count must be within 1.." + config.maxCount() + ", not " + count);
        }
        int lengthTokens = config.defaultLengthTokens();
        double lengthSeconds = 0;
        switch (request.getLengthCase()) {
            case LENGTH_TOKENS -> {
                lengthTokens = request.getLengthTokens();
                if (lengthTokens < 1 || lengthTokens > config.maxLengthTokens()) {
                    problems.add("length_tokens must be within 1.." + config.maxLengthTokens() + ", not " + lengthTokens);
                }
            }
            case LENGTH_SECONDS -> {
                lengthSeconds = request.getLengthSeconds();
                lengthTokens = config.maxLengthTokens();
                if (!(lengthSeconds > 0) || lengthSeconds > config.maxLengthSeconds()) {
                    problems.add(String.format(Locale.ROOT, "length_seconds must be within (0, %.0f], not %s",
                            config.maxLengthSeconds(), lengthSeconds));
                }
            }
            default -> { }
        }
        int promptSize = request.getPromptSize() == 0 ? config.defaultPromptSize() : request.getPromptSize();
        if (promptSize < 1 || promptSize > config.maxPromptSize()) {
            problems.add("prompt_size must be within 1.." + config.maxPromptSize() + ", not " + promptSize);
        }
        PromptSource prompt = switch (request.getPromptCase()) {
            case PROMPT_MIDI -> {
                if (request.getPromptMidi().size() > config.maxPromptBytes()) {
                    problems.add("prompt_midi is " + request.getPromptMidi().size() + " bytes, over the limit of "
                            + config.maxPromptBytes());
                }
                yield new PromptSource.Midi(request.getPromptMidi().toByteArray());
            }
            case PROMPT_TOKENS -> {
                if (request.getPromptTokens().length() > config.maxPromptBytes()) {
                    problems.add("prompt_tokens is " + request.getPromptTokens().length() + " characters, over the limit of "
                            + config.maxPromptBytes());
                }
                yield new PromptSource.Tokens(request.getPromptTokens());
            }
            case CORPUS_PROMPT -> new PromptSource.Corpus(request.getCorpusPrompt().getSplit() == Split.SPLIT_TEST);
            default -> new PromptSource.Corpus(true);
        };
        SamplingChoice sampling = sampling(request.getSampling(), problems);
        if (!problems.isEmpty()) {
            throw RefusedGenerationException.invalid("INVALID_REQUEST", String.join("; ", problems));
        }
        long seed = request.hasSeed() ? request.getSeed() : ThreadLocalRandom.current().nextLong(1L << 48);
        return new GenerationPlan(requestId, request.getModelVersion(), count, lengthTokens, lengthSeconds, prompt,
                promptSize, sampling, seed, request.toBuilder().setRequestId(requestId).build());
    }

    private SamplingChoice sampling(SamplingSettings s, List<String> problems) {
        boolean plain = s.hasTemperature() || s.hasTopK() || s.hasTopP();
        double randomFreq = s.hasRandomFreq() ? s.getRandomFreq() : config.sampling().randomFreq();
        int trunc = s.hasTrunc() ? s.getTrunc() : config.sampling().trunc();
        double temperature = s.hasTemperature() ? s.getTemperature() : 1.0;
        int topK = s.hasTopK() ? s.getTopK() : 0;
        double topP = s.hasTopP() ? s.getTopP() : 1.0;
        if (!(randomFreq >= 0 && randomFreq <= 1)) {
            problems.add("random_freq must be within 0..1, not " + randomFreq);
        }
        if (trunc < 1 || trunc > 1000) {
            problems.add("trunc must be within 1..1000, not " + trunc);
        }
        if (!(temperature > 0 && temperature <= 100)) {
            problems.add("temperature must be within (0, 100], not " + temperature);
        }
        if (topK < 0) {
            problems.add("top_k must be 0 (all) or positive, not " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            problems.add("top_p must be within (0, 1], not " + topP);
        }
        return new SamplingChoice(!plain, randomFreq, trunc, temperature, topK, topP, !s.getUnmasked());
    }
}
