package dev.clara.nn.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AugmentedCorpusTest {

    /** Moves every {@code p<i>} token by the shift; other tokens stay. Stands in for clara-music's Transposer. */
    static final TokenAugmenter FAKE_TRANSPOSER = (tokens, semitones) -> {
        List<String> moved = new ArrayList<>();
        for (String token : tokens) {
            moved.add(token.startsWith("p") ? "p" + (Integer.parseInt(token.substring(1)) + semitones) : token);
        }
        return moved;
    };

    private static Vocabulary vocabulary() {
        List<String> tokens = new ArrayList<>(List.of("wait1"));
        for (int key = 0; key <= 18; key++) {
            tokens.add("p" + key);
        }
        return Vocabulary.of(tokens);
    }

    @Test
    void everyPieceAppearsInAllTwelveKeys() {
        Vocabulary vocabulary = vocabulary();
        int[] piece = vocabulary.encode(List.of("p10", "wait1", "p11"));
        AugmentedCorpus corpus = new AugmentedCorpus(List.<int[]>of(piece), vocabulary, FAKE_TRANSPOSER);

        List<int[]> epoch = corpus.epoch(1, 0);

        assertThat(corpus.keysPerPiece()).isEqualTo(12);
        assertThat(epoch).hasSize(12);
        List<List<String>> decoded = epoch.stream().map(vocabulary::decode).toList();
        for (int shift = -5; shift <= 6; shift++) {
            assertThat(decoded).contains(List.of("p" + (10 + shift), "wait1", "p" + (11 + shift)));
        }
    }

    @Test
    void tokensTheVocabularyLacksAfterTranspositionBecomeUnknown() {
        Vocabulary vocabulary = vocabulary();
        int[] piece = vocabulary.encode(List.of("p16"));
        AugmentedCorpus corpus = new AugmentedCorpus(List.<int[]>of(piece), vocabulary, FAKE_TRANSPOSER);

        List<String> ids = corpus.epoch(1, 0).stream().map(p -> vocabulary.token(p[0])).toList();

        // p16 − 5 .. p16 + 6 = p11..p22, of which p19..p22 are not in the vocabulary.
        assertThat(ids.stream().filter(Vocabulary.UNKNOWN::equals)).hasSize(4);
    }

    @Test
    void theOrderIsShuffledPerEpochAndRepeatsWithTheSeed() {
        Vocabulary vocabulary = vocabulary();
        List<int[]> pieces = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            pieces.add(new int[] {4 + i % 13, 3});
        }
        AtomicInteger calls = new AtomicInteger();
        TokenAugmenter counting = (tokens, shift) -> {
            calls.incrementAndGet();
            return FAKE_TRANSPOSER.transpose(tokens, shift);
        };
        AugmentedCorpus corpus = new AugmentedCorpus(pieces, vocabulary, counting);

        List<String> epoch0 = corpus.epoch(42, 0).stream().map(vocabulary::decode).map(Object::toString).toList();
        List<String> epoch0Again = corpus.epoch(42, 0).stream().map(vocabulary::decode).map(Object::toString).toList();
        List<String> epoch1 = corpus.epoch(42, 1).stream().map(vocabulary::decode).map(Object::toString).toList();

        assertThat(epoch0).isEqualTo(epoch0Again);
        assertThat(epoch1).isNotEqualTo(epoch0).containsExactlyInAnyOrderElementsOf(epoch0);
        assertThat(calls.get()).as("11 transpositions per piece per epoch").isEqualTo(3 * 20 * 11);
    }

    @Test
    void withoutAnAugmenterEachPieceAppearsOnce() {
        Vocabulary vocabulary = vocabulary();
        AugmentedCorpus corpus = new AugmentedCorpus(List.of(new int[] {3, 4}, new int[] {5}), vocabulary, null);

        assertThat(corpus.epoch(1, 0)).hasSize(2);
        assertThat(corpus.estimatedTokensPerEpoch()).isEqualTo(5);
    }
}
