package dev.clara.scoring;

import dev.clara.music.MidiFormatException;
import dev.clara.music.Piece;
import dev.clara.music.encoding.EncodingSpec;
import dev.clara.music.encoding.TokenEncoder;
import dev.clara.music.metrics.MusicStats;
import dev.clara.music.midi.MidiReader;
import dev.clara.nn.classify.ClassifierScore;
import dev.clara.proto.v1.ComposerProbability;
import dev.clara.proto.v1.Sample;
import dev.clara.proto.v1.SampleScore;
import dev.clara.proto.v1.Scorer;
import dev.clara.service.HotSwapModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Scores music with the service's classifier: token text (in the model's encoding) or a MIDI file → the class
 * distribution over windows, plus the piece's objective statistics.
 */
@ApplicationScoped
public class SampleScorer {
    private final ScoringModels models;
    private final ScorerConfig config;

    public SampleScorer(ScoringModels models, ScorerConfig config) {
        this.models = models;
        this.config = config;
    }

    /** The verdict on some music, or why there is none. */
    public record Verdict(Optional<ClassifierScore> score, String modelVersion, MusicStats stats, int notes, String error) {
    }

    /** Scores a sample from clara.samples; a missing model is reported in the score's error, never thrown. */
    public SampleScore score(Sample sample) throws InvalidInputException {
        Verdict verdict = scoreTokens(sample.getTokens(), sample.getEncoding());
        SampleScore.Builder score = SampleScore.newBuilder().setSampleId(sample.getSampleId())
                .setRequestId(sample.getRequestId()).setSampleIndex(sample.getIndex()).setSampleCount(sample.getCount())
                .setScorer(models.kind().name().equals("CRITIC") ? Scorer.SCORER_CRITIC : Scorer.SCORER_COMPOSER)
                .setModelVersion(verdict.modelVersion()).setStats(toWire(verdict.stats(), verdict.notes())).setError(verdict.error())
                .setScoredAtMs(System.currentTimeMillis());
        verdict.score().ifPresent(s -> {
            score.setWindows(s.windows());
            if (score.getScorer() == Scorer.SCORER_CRITIC) {
                score.setPHuman(s.probability("human"));
            } else {
                score.addAllComposers(distribution(s));
            }
        });
        return score.build();
    }

    /**
     * The verdict a gRPC caller asked for, token text or MIDI bytes.
     *
     * @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT for input that is not music, FAILED_PRECONDITION when no
     *                                        model can score it (none trained yet, another encoding)
     */
    public ScoredVerdict scoreForCall(dev.clara.proto.v1.ScoreRequest request) {
        try {
            Verdict verdict = request.hasMidi() ? scoreMidi(request.getMidi().toByteArray(), request.getEncoding())
                    : scoreTokens(request.getTokens(), request.getEncoding());
            if (verdict.score().isEmpty()) {
                throw io.grpc.Status.FAILED_PRECONDITION.withDescription(verdict.error()).asRuntimeException();
            }
            return new ScoredVerdict(verdict.score().get(), verdict.modelVersion(), toWire(verdict.stats(), verdict.notes()));
        } catch (InvalidInputException e) {
            throw io.grpc.Status.INVALID_ARGUMENT.withDescription(e.code() + ": " + e.getMessage()).asRuntimeException();
        }
    }

    /** A verdict with a score, in wire form for a gRPC answer. */
    public record ScoredVerdict(ClassifierScore score, String modelVersion, dev.clara.proto.v1.MusicStats stats) {
    }

    /** Scores token text in {@code encodingId} (empty: the model's own encoding). */
    public Verdict scoreTokens(String tokens, String encodingId) throws InvalidInputException {
        if (tokens.length() > config.maxInputBytes()) {
            throw new InvalidInputException("TOO_LARGE", "token text of " + tokens.length() + " characters is over the limit of "
                    + config.maxInputBytes());
        }
        List<String> list = tokens.isBlank() ? List.of() : List.of(tokens.trim().split("\\s+"));
        Optional<HotSwapModel.Lease<ScoringModels.Loaded>> lease = models.lease();
        EncodingSpec spec = spec(encodingId, lease);
        Piece piece = TokenEncoder.forSpec(spec).decode(list, 120.0);
        return verdict(list, spec, piece, lease);
    }

    /** Scores a MIDI file, encoded with the model's encoding. */
    public Verdict scoreMidi(byte[] midi, String encodingId) throws InvalidInputException {
        if (midi.length > config.maxInputBytes()) {
            throw new InvalidInputException("TOO_LARGE", midi.length + " bytes of MIDI is over the limit of " + config.maxInputBytes());
        }
        Optional<HotSwapModel.Lease<ScoringModels.Loaded>> lease = models.lease();
        EncodingSpec spec = spec(encodingId, lease);
        try {
            Piece piece = new MidiReader(spec.chamber(), config.maxInputBytes()).read(midi);
            List<String> tokens = TokenEncoder.forSpec(spec).encode(piece);
            return verdict(tokens, spec, piece, lease);
        } catch (MidiFormatException e) {
            lease.ifPresent(HotSwapModel.Lease::close);
            throw new InvalidInputException(e.code().name(), e.reason());
        }
    }

    private Verdict verdict(List<String> tokens, EncodingSpec spec, Piece piece,
                            Optional<HotSwapModel.Lease<ScoringModels.Loaded>> lease) {
        MusicStats stats = MusicStats.of(piece);
        int notes = piece.noteCount();
        if (lease.isEmpty()) {
            return new Verdict(Optional.empty(), "", stats, notes, models.unavailableReason());
        }
        try (HotSwapModel.Lease<ScoringModels.Loaded> held = lease.get()) {
            ScoringModels.Loaded model = held.model();
            if (!model.artifact().version().encodingId().equals(spec.id())) {
                return new Verdict(Optional.empty(), held.version(), stats, notes, "the " + models.kindName() + " model reads "
                        + model.artifact().version().encodingId() + ", not " + spec.id());
            }
            List<String> capped = tokens.size() > config.maxTokens() ? tokens.subList(0, config.maxTokens()) : tokens;
            int[] ids = model.artifact().vocabulary().encode(capped);
            if (ids.length == 0) {
                return new Verdict(Optional.empty(), held.version(), stats, notes, "no tokens to score");
            }
            return new Verdict(Optional.of(model.scorer().score(ids)), held.version(), stats, notes, "");
        }
    }

    private static EncodingSpec spec(String encodingId, Optional<HotSwapModel.Lease<ScoringModels.Loaded>> lease)
            throws InvalidInputException {
        String id = encodingId == null || encodingId.isBlank()
                ? lease.map(l -> l.model().artifact().version().encodingId()).orElse(EncodingSpec.NOTEWISE.id())
                : encodingId;
        try {
            return EncodingSpec.parse(id);
        } catch (IllegalArgumentException e) {
            lease.ifPresent(HotSwapModel.Lease::close);
            throw new InvalidInputException("UNKNOWN_ENCODING", e.getMessage());
        }
    }

    /** The composer distribution, most likely first. */
    public static List<ComposerProbability> distribution(ClassifierScore score) {
        List<ComposerProbability> list = new ArrayList<>();
        for (int c = 0; c < score.labels().size(); c++) {
            list.add(ComposerProbability.newBuilder().setComposer(score.labels().get(c))
                    .setProbability(score.probabilities()[c]).build());
        }
        list.sort(Comparator.comparingDouble(ComposerProbability::getProbability).reversed());
        return list;
    }

    public static dev.clara.proto.v1.MusicStats toWire(MusicStats stats, int notes) {
        return dev.clara.proto.v1.MusicStats.newBuilder().setPitchRange(orZero(stats.pitchRange()))
                .setNPitchClassesUsed(stats.nPitchClassesUsed()).setPolyphony(orZero(stats.polyphony()))
                .setPitchClassEntropy(orZero(stats.pitchClassEntropy())).setScaleConsistency(orZero(stats.scaleConsistency()))
                .setEmptyBeatRate(orZero(stats.emptyBeatRate())).setNNotes(notes).build();
    }

    // Undefined statistics (no note) are NaN, which canonical JSON cannot carry as a number; 0 with n_notes 0 says it.
    private static double orZero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }
}
