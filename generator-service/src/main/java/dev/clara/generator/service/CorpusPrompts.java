package dev.clara.generator.service;

import dev.clara.generator.config.GeneratorConfig;
import dev.clara.service.CorpusPiece;
import dev.clara.service.TokenCorpusReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Random corpus excerpts for prompts (Clara's seeds, with {@code --use_test_prompt} as the test split). The corpus
 * of each encoding is a snapshot of clara.tokens, re-read after {@code corpus-refresh}.
 */
@ApplicationScoped
public class CorpusPrompts {
    private static final Logger LOG = Logger.getLogger(CorpusPrompts.class);

    private final GeneratorConfig config;
    private final String bootstrapServers;
    private final Map<String, Snapshot> snapshots = new HashMap<>();

    private record Snapshot(List<CorpusPiece> pieces, long readAtNanos) {
    }

    public CorpusPrompts(GeneratorConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * An excerpt of {@code size} tokens from a random piece of the split (or of the whole corpus when that split is
     * empty); empty when the corpus of the encoding is empty.
     */
    public List<String> excerpt(String encodingId, boolean testSplit, int size, SplittableRandom random) {
        List<CorpusPiece> pieces = corpus(encodingId);
        List<CorpusPiece> split = pieces.stream().filter(p -> p.test() == testSplit).toList();
        List<CorpusPiece> pool = split.isEmpty() ? pieces : split;
        if (pool.isEmpty()) {
            return List.of();
        }
        CorpusPiece piece = pool.get(random.nextInt(pool.size()));
        List<String> tokens = piece.tokens();
        if (tokens.size() <= size) {
            return tokens;
        }
        int start = random.nextInt(tokens.size() - size + 1);
        return tokens.subList(start, start + size);
    }

    private synchronized List<CorpusPiece> corpus(String encodingId) {
        Snapshot snapshot = snapshots.get(encodingId);
        if (snapshot == null || System.nanoTime() - snapshot.readAtNanos() > config.corpusRefresh().toNanos()) {
            try {
                List<CorpusPiece> pieces = new TokenCorpusReader(bootstrapServers)
                        .read(encodingId, Set.of(), Duration.ofSeconds(60), () -> false);
                snapshot = new Snapshot(pieces, System.nanoTime());
                snapshots.put(encodingId, snapshot);
                LOG.infof("corpus prompts for %s: %d pieces", encodingId, pieces.size());
            } catch (java.util.concurrent.TimeoutException e) {
                LOG.warnf("cannot read the corpus for prompts: %s", e.getMessage());
                return snapshot == null ? List.of() : snapshot.pieces();
            }
        }
        return snapshot.pieces();
    }
}
