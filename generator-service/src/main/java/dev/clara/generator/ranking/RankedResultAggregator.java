package dev.clara.generator.ranking;

import dev.clara.proto.InvalidEventException;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.v1.ComposerProbability;
import dev.clara.proto.v1.MusicStats;
import dev.clara.proto.v1.RankedResult;
import dev.clara.proto.v1.RankedSample;
import dev.clara.proto.v1.Sample;
import dev.clara.proto.v1.SampleScore;
import dev.clara.proto.v1.Scorer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything known about one request's ranking: its samples and their critic and composer scores, in any order of
 * arrival. Plain data (proto JSON strings) so the ranker can keep it in a fault-tolerant state store; the samples
 * are kept without their MIDI and tokens.
 */
public final class RankedResultAggregator {
    private String requestId;
    private int expected;
    private long firstSeenMs;
    private boolean published;
    private final TreeMap<String, String> samples = new TreeMap<>();
    private final TreeMap<String, String> critic = new TreeMap<>();
    private final TreeMap<String, String> composer = new TreeMap<>();

    public RankedResultAggregator(String requestId, long nowMs) {
        this.requestId = requestId;
        this.firstSeenMs = nowMs;
    }

    /** For JSON (de)serialisation. */
    RankedResultAggregator() {
    }

    public String requestId() {
        return requestId;
    }

    public long firstSeenMs() {
        return firstSeenMs;
    }

    public boolean published() {
        return published;
    }

    public void markPublished() {
        published = true;
    }

    public void add(Sample sample) {
        expected = Math.max(expected, sample.getCount());
        Sample light = sample.toBuilder().clearMidi().clearPromptTokens()
                .setTokens(preview(sample.getTokens())).build();
        samples.put(sample.getSampleId(), ProtoJson.write(light));
    }

    public void add(SampleScore score) {
        expected = Math.max(expected, score.getSampleCount());
        (score.getScorer() == Scorer.SCORER_CRITIC ? critic : composer).put(score.getSampleId(), ProtoJson.write(score));
    }

    /** Every expected sample has arrived and has both scores. */
    public boolean complete() {
        if (expected == 0 || samples.size() < expected) {
            return false;
        }
        return samples.keySet().stream().allMatch(id -> critic.containsKey(id) && composer.containsKey(id));
    }

    /** The result as it stands: best first, with what is missing named. */
    public RankedResult result(RankingPolicy policy, long nowMs) {
        List<String> missing = new ArrayList<>();
        List<RankedSample.Builder> ranked = new ArrayList<>();
        List<double[]> distributions = new ArrayList<>();
        List<String> composerOrder = null;
        String modelVersion = "";
        String criticVersion = "";
        String composerVersion = "";
        long requestedAt = Long.MAX_VALUE;
        for (Map.Entry<String, String> entry : samples.entrySet()) {
            Sample sample = RankedResultAggregator.<Sample>parse(entry.getValue(), Sample.newBuilder());
            modelVersion = sample.getModelVersion();
            requestedAt = Math.min(requestedAt, sample.getCreatedAtMs());
            RankedSample.Builder row = RankedSample.newBuilder().setSampleId(sample.getSampleId())
                    .setIndex(sample.getIndex()).setDurationSeconds(sample.getDurationSeconds())
                    .setTokensPreview(sample.getTokens());
            String label = "sample " + sample.getIndex() + " (" + sample.getSampleId() + ")";
            MusicStats stats = null;
            SampleScore criticScore = scoreOf(critic, entry.getKey());
            if (criticScore == null) {
                missing.add(label + ": critic score");
            } else if (!criticScore.getError().isEmpty()) {
                missing.add(label + ": critic score unavailable (" + criticScore.getError() + ")");
            } else {
                row.setPHuman(criticScore.getPHuman());
                criticVersion = criticScore.getModelVersion();
                stats = criticScore.getStats();
            }
            SampleScore composerScore = scoreOf(composer, entry.getKey());
            if (composerScore == null) {
                missing.add(label + ": composer score");
            } else if (!composerScore.getError().isEmpty()) {
                missing.add(label + ": composer score unavailable (" + composerScore.getError() + ")");
            } else {
                composerVersion = composerScore.getModelVersion();
                List<ComposerProbability> distribution = composerScore.getComposersList();
                row.addAllComposers(distribution);
                if (!distribution.isEmpty()) {
                    row.setTopComposer(distribution.get(0).getComposer())
                            .setComposerConfidence(distribution.get(0).getProbability());
                }
                double[] p = aligned(distribution, composerOrder);
                if (composerOrder == null) {
                    composerOrder = distribution.stream().map(ComposerProbability::getComposer).sorted().toList();
                    p = aligned(distribution, composerOrder);
                }
                distributions.add(p);
                double entropy = InceptionScore.entropy(p);
                row.setComposerEntropy(entropy);
                row.setNovel(policy.isNovel(row.hasPHuman() ? row.getPHuman() : null, entropy, p.length));
                if (stats == null) {
                    stats = composerScore.getStats();
                }
            }
            if (stats != null) {
                row.setStats(stats);
            }
            row.setCombinedScore(row.hasPHuman() ? row.getPHuman() : 0.0);
            ranked.add(row);
        }
        java.util.Set<Integer> received = new java.util.HashSet<>();
        for (String json : samples.values()) {
            received.add(RankedResultAggregator.<Sample>parse(json, Sample.newBuilder()).getIndex());
        }
        for (int index = 0; index < expected; index++) {
            if (!received.contains(index)) {
                missing.add("sample " + index + ": not received");
            }
        }
        ranked.sort(Comparator.comparingDouble(RankedSample.Builder::getCombinedScore).reversed()
                .thenComparing(Comparator.comparingDouble(RankedSample.Builder::getComposerConfidence).reversed())
                .thenComparingInt(RankedSample.Builder::getIndex));
        RankedResult.Builder result = RankedResult.newBuilder().setRequestId(requestId).setComplete(complete())
                .setExpectedSamples(expected).addAllMissing(missing).setRanking(RankingPolicy.DESCRIPTION)
                .setModelVersion(modelVersion).setCriticVersion(criticVersion).setComposerVersion(composerVersion)
                .setRankedAtMs(nowMs).setRequestedAtMs(requestedAt == Long.MAX_VALUE ? firstSeenMs : requestedAt);
        for (int i = 0; i < ranked.size(); i++) {
            result.addSamples(ranked.get(i).setRank(i + 1));
        }
        if (!distributions.isEmpty()) {
            result.setInceptionScore(InceptionScore.of(distributions));
        }
        return result.build();
    }

    /** A distribution as an array in a fixed composer order (composers a model did not list count as 0). */
    private static double[] aligned(List<ComposerProbability> distribution, List<String> order) {
        if (order == null) {
            return distribution.stream().mapToDouble(ComposerProbability::getProbability).toArray();
        }
        double[] p = new double[order.size()];
        for (ComposerProbability c : distribution) {
            int at = order.indexOf(c.getComposer());
            if (at >= 0) {
                p[at] = c.getProbability();
            }
        }
        return p;
    }

    private static SampleScore scoreOf(Map<String, String> scores, String sampleId) {
        String json = scores.get(sampleId);
        return json == null ? null : RankedResultAggregator.<SampleScore>parse(json, SampleScore.newBuilder());
    }

    private static <T extends com.google.protobuf.Message> T parse(String json, com.google.protobuf.Message.Builder builder) {
        try {
            return ProtoJson.read(json, builder);
        } catch (InvalidEventException e) {
            throw new IllegalStateException("ranker state holds an unreadable event: " + e.getMessage(), e);
        }
    }

    private static String preview(String tokens) {
        return tokens.length() <= 200 ? tokens : tokens.substring(0, tokens.lastIndexOf(' ', 200)) + " …";
    }
}
