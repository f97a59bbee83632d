package dev.clara.nn.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clara.nn.data.TokenAugmenter;
import dev.clara.nn.data.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExcerptSamplerTest {

    private static int[] range(int from, int length) {
        return IntStream.range(from, from + length).toArray();
    }

    private static ExcerptSampler.Builder sampler() {
        return ExcerptSampler.builder().setExcerptLength(10).optSeed(5);
    }

    @Test
    void cutsWholeNonOverlappingWindowsAtARandomOffset() {
        List<Excerpt> excerpts = sampler().build().sample(List.of(new LabelledPiece(range(100, 37), 1)));

        assertThat(excerpts).hasSize(3).allMatch(e -> e.length() == 10 && e.label() == 1);
        int offset = excerpts.get(0).ids()[0] - 100;
        assertThat(offset).isBetween(0, 7);
        for (int k = 0; k < 3; k++) {
            assertThat(excerpts.get(k).ids()).containsExactly(range(100 + offset + 10 * k, 10));
        }
    }

    @Test
    void aShortPieceIsOneExcerptAndAnEmptyOneNone() {
        List<Excerpt> excerpts = sampler().build().sample(List.of(new LabelledPiece(range(3, 4), 0),
                new LabelledPiece(new int[0], 1), new LabelledPiece(range(3, 10), 1)));

        assertThat(excerpts).extracting(Excerpt::length).containsExactly(4, 10);
        assertThat(excerpts).extracting(Excerpt::label).containsExactly(0, 1);
    }

    @Test
    void isDeterministicAndAPiecesExcerptsDoNotDependOnTheOthers() {
        LabelledPiece piece = new LabelledPiece(range(0, 95), 0);
        List<Excerpt> alone = sampler().build().sample(List.of(piece));
        List<Excerpt> again = sampler().build().sample(List.of(piece));
        List<Excerpt> otherSeed = sampler().optSeed(6).build().sample(List.of(piece));
        List<Excerpt> withAnother = sampler().build().sample(List.of(piece, new LabelledPiece(range(0, 50), 1)));

        assertThat(again).usingElementComparator(ExcerptSamplerTest::compare).isEqualTo(alone);
        assertThat(withAnother.subList(0, alone.size())).usingElementComparator(ExcerptSamplerTest::compare)
                .isEqualTo(alone);
        // 9 windows in 95 tokens leave an offset in 0..5, drawn anew for each seed.
        List<Integer> offsets = new ArrayList<>();
        for (long seed = 0; seed < 8; seed++) {
            offsets.add(sampler().optSeed(seed).build().sample(List.of(piece)).get(0).ids()[0]);
        }
        assertThat(offsets.stream().distinct().count()).as("offsets vary with the seed").isGreaterThan(1);
        assertThat(otherSeed).hasSize(9);
    }

    private static int compare(Excerpt a, Excerpt b) {
        return java.util.Arrays.equals(a.ids(), b.ids()) && a.label() == b.label() ? 0 : 1;
    }

    @Test
    void capsTheExcerptsOfALongPieceKeepingThemInOrder() {
        List<Excerpt> excerpts = sampler().optMaxExcerptsPerPiece(3).build()
                .sample(List.of(new LabelledPiece(range(0, 200), 0), new LabelledPiece(range(0, 25), 1)));

        assertThat(excerpts).hasSize(3 + 2);
        assertThat(excerpts.subList(0, 3)).extracting(e -> e.ids()[0]).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void cutsEveryPieceInAllTwelveKeys() {
        List<Integer> shifts = new ArrayList<>();
        IdTransposer transposer = (ids, semitones) -> {
            shifts.add(semitones);
            return IntStream.of(ids).map(id -> id + 100 * semitones).toArray();
        };

        List<Excerpt> excerpts = sampler().optTransposer(transposer).build()
                .sample(List.of(new LabelledPiece(range(1000, 25), 1)));

        assertThat(shifts).containsExactly(-5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6);
        assertThat(excerpts).hasSize(12 * 2).allMatch(e -> e.label() == 1);
        java.util.Map<Integer, Long> perKey = excerpts.stream().collect(java.util.stream.Collectors.groupingBy(
                e -> Math.floorDiv(e.ids()[0] - 1000, 100), java.util.stream.Collectors.counting()));
        assertThat(perKey).as("two windows in each key").hasSize(12).containsKeys(-5, 0, 6).allSatisfy((key, count) ->
                assertThat(count).isEqualTo(2));
    }

    @Test
    void adaptsATokenAugmenterThroughTheVocabulary() {
        Vocabulary vocabulary = Vocabulary.of(List.of("p1", "p2", "p3"));
        TokenAugmenter up = (tokens, semitones) -> tokens.stream()
                .map(t -> "p" + (Integer.parseInt(t.substring(1)) + semitones)).toList();

        int[] moved = IdTransposer.of(up, vocabulary).transpose(vocabulary.encode(List.of("p1", "p2")), 1);

        assertThat(vocabulary.decode(moved)).containsExactly("p2", "p3");
        assertThat(IdTransposer.of(up, vocabulary).transpose(vocabulary.encode(List.of("p3")), 1))
                .as("a token the vocabulary lacks").containsExactly(Vocabulary.UNKNOWN_ID);
    }

    @Test
    void oversamplingTopsUpEveryClassToTheLargest() {
        List<LabelledPiece> pieces = List.of(new LabelledPiece(range(0, 100), 0), new LabelledPiece(range(0, 30), 1),
                new LabelledPiece(range(0, 5), 2));

        List<Excerpt> plain = sampler().build().sample(pieces);
        List<Excerpt> balanced = sampler().optOversample(true).build().sample(pieces);

        assertThat(ExcerptSampler.countLabels(plain, 3)).containsExactly(10, 3, 1);
        assertThat(ExcerptSampler.countLabels(balanced, 3)).containsExactly(10, 10, 10);
        assertThat(balanced.subList(0, plain.size())).usingElementComparator(ExcerptSamplerTest::compare)
                .isEqualTo(plain);
        // Class 1's three excerpts are each repeated as evenly as possible: 3 + 7 = 10 → 4, 3, 3 copies.
        List<Integer> firstIds = balanced.stream().filter(e -> e.label() == 1).map(e -> e.ids()[0]).toList();
        assertThat(firstIds.stream().distinct().map(id -> java.util.Collections.frequency(firstIds, id)).sorted())
                .containsExactly(3, 3, 4);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> ExcerptSampler.builder().build()).hasMessageContaining("excerpt length must be at least 1");
        assertThatThrownBy(() -> sampler().optMaxExcerptsPerPiece(-1).build()).hasMessageContaining("maxExcerptsPerPiece");
        assertThatThrownBy(() -> new Excerpt(new int[0], 0)).hasMessageContaining("at least one token");
    }
}
