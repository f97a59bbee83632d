package dev.clara.music.encoding;

import dev.clara.music.Note;
import dev.clara.music.Part;
import dev.clara.music.Piece;
import dev.clara.music.testing.PropertyCheck;
import dev.clara.music.testing.RandomPieces;
import dev.clara.music.testing.RandomPieces.PieceAndSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The laws both encodings obey, over generated pieces, specs and token garbage. */
class EncodingPropertiesTest {

    private static final List<String> CHAMBER_VOCABULARY = NotewiseVocabulary.of(EncodingSpec.NOTEWISE_CHAMBER)
            .tokens();
    private static final List<String> NEAR_MISSES = List.of("p", "v", "end", "endp", "wait", "wait0", "wait-1", "p-1",
            "p62", "endv", "p1.5", "P1", "wait999999999999", "v00000001000", "p0000000000000");

    @Test
    void encodeDecodeEncodeIsTheIdentity() {
        PropertyCheck.forAll(PieceAndSpec.random(RandomPieces.SPECS))
                .edgeCases(PieceAndSpec.edgeCases(RandomPieces.SPECS))
                .tries(400)
                .seed(0x5EED_0601L)
                .check(input -> {
                    Piece piece = input.piece();
                    EncodingSpec spec = input.spec();
                    TokenEncoder encoder = TokenEncoder.forSpec(spec);
                    List<String> tokens = encoder.encode(piece);

                    DecodeResult decoded = encoder.decodeWithStats(tokens, 120);

                    assertThat(encoder.encode(decoded.piece())).isEqualTo(tokens);
                    assertThat(decoded.wellFormed()).isTrue();
                    assertThat(NoteGrid.of(decoded.piece(), spec)).isEqualTo(NoteGrid.of(piece, spec));
                    assertThat(encoder.countTokens(piece)).isEqualTo(tokens.size());
                });
    }

    @Test
    void everyWaitIsWithinOneToTwoQuarters() {
        List<EncodingSpec> notewise = RandomPieces.specs(Scheme.NOTEWISE);
        PropertyCheck.forAll(PieceAndSpec.random(notewise))
                .edgeCases(PieceAndSpec.edgeCases(notewise))
                .tries(300)
                .seed(0x5EED_0602L)
                .check(input -> {
                    Piece piece = input.piece();
                    EncodingSpec spec = input.spec();
                    for (String token : TokenEncoder.forSpec(spec).encode(piece)) {
                        NotewiseToken parsed = NotewiseToken.parse(token);
                        assertThat(parsed.fits(spec)).as(token).isTrue();
                        if (parsed.kind() == NotewiseToken.Kind.WAIT) {
                            assertThat(parsed.steps()).isBetween(1, 2 * spec.sampleFreq());
                        }
                    }
                });
    }

    @Test
    void aPianoCorpusUsesAtMostTheNotewiseVocabulary() {
        PropertyCheck.forAll(EncodingPropertiesTest::corpus)
                .edgeCases(edgeCorpora())
                .showing(RandomPieces::describe)
                .tries(50)
                .seed(0x5EED_0603L)
                .check(corpus -> {
                    EncodingSpec spec = EncodingSpec.NOTEWISE;
                    Set<String> used = new HashSet<>();
                    for (Piece piece : corpus) {
                        used.addAll(TokenEncoder.forSpec(spec).encode(piece));
                    }
                    int specials = 0; // the music vocabulary has none; models add their own
                    assertThat(used.size()).isLessThanOrEqualTo(62 * 2 + 2 * spec.sampleFreq() + specials);
                    assertThat(NotewiseVocabulary.of(spec).tokens()).containsAll(used);
                    assertThat(NotewiseVocabulary.of(spec).size()).isEqualTo(62 * 2 + 24);
                });
    }

    @Test
    void decodingNeverThrowsOnGarbage() {
        PropertyCheck.forAll(random -> new TokensAndSpec(garbage(random), RandomPieces.spec(random)))
                .edgeCases(edgeGarbage())
                .tries(300)
                .seed(0x5EED_0604L)
                .check(input -> {
                    List<String> tokens = input.tokens();
                    TokenEncoder encoder = TokenEncoder.forSpec(input.spec());

                    DecodeResult result = encoder.decodeWithStats(tokens, 100);

                    // Whatever came in, the decoded piece is a fixed point of encode∘decode.
                    List<String> once = encoder.encode(result.piece());
                    assertThat(encoder.encode(encoder.decode(once, 100))).isEqualTo(once);
                });
    }

    @Test
    void decodingNeverThrowsOnVocabularyTokensInRandomOrder() {
        PropertyCheck.forAll(random -> RandomPieces.listOf(random, 0, 200, r -> RandomPieces.oneOf(r,
                        CHAMBER_VOCABULARY)))
                .edgeCases(edgeShuffles())
                .showing(RandomPieces::describeTokens)
                .tries(300)
                .seed(0x5EED_0605L)
                .check(tokens -> {
                    TokenEncoder encoder = TokenEncoder.forSpec(EncodingSpec.NOTEWISE_CHAMBER);

                    DecodeResult result = encoder.decodeWithStats(tokens, 100);

                    assertThat(result.skippedTokens()).isLessThanOrEqualTo(tokens.size());
                    assertThat(result.piece().notes()).allSatisfy(n -> assertThat(n.end()).isGreaterThan(n.start()));
                });
    }

    @Test
    void decodingNeverThrowsOnRandomChords() {
        PropertyCheck.forAll(EncodingPropertiesTest::chords)
                .edgeCases(edgeChords())
                .showing(RandomPieces::describeTokens)
                .tries(300)
                .seed(0x5EED_0606L)
                .check(tokens -> {
                    TokenEncoder encoder = TokenEncoder.forSpec(new EncodingSpec(Scheme.CHORDWISE, 4, 12, 60, true));

                    Piece piece = encoder.decode(tokens, 100);

                    List<String> once = encoder.encode(piece);
                    assertThat(encoder.encode(encoder.decode(once, 100))).isEqualTo(once);
                });
    }

    @Test
    void transposingUpThenDownIsTheIdentityWhenNothingLeavesTheRange() {
        PropertyCheck.forAll(EncodingPropertiesTest::transposable)
                .edgeCases(edgeTransposables())
                .tries(300)
                .seed(0x5EED_0607L)
                .check(input -> {
                    EncodingSpec spec = input.spec();
                    Piece piece = input.piece();
                    int semitones = input.semitones();
                    TokenEncoder encoder = TokenEncoder.forSpec(spec);
                    List<String> tokens = encoder.encode(piece);

                    List<String> up = Transposer.transpose(tokens, semitones, spec);

                    assertThat(Transposer.transpose(up, -semitones, spec)).isEqualTo(tokens);
                    // And it is the encoding of the transposed piece.
                    Piece shifted = piece.withNotes(piece.notes().stream()
                            .map(n -> n.withPitch(n.pitch() + semitones)).toList());
                    assertThat(up).isEqualTo(encoder.encode(shifted));
                });
    }

    @Test
    void transposingGivesStreamsTheEncoderCouldHaveWritten() {
        PropertyCheck.forAll(random -> new Transposition(RandomPieces.spec(random), RandomPieces.piece(random),
                        RandomPieces.oneOf(random, Transposer.ALL_KEYS)))
                .edgeCases(edgeTranspositions())
                .tries(300)
                .seed(0x5EED_0608L)
                .check(input -> {
                    Piece piece = input.piece();
                    EncodingSpec spec = input.spec();
                    int semitones = input.semitones();
                    TokenEncoder encoder = TokenEncoder.forSpec(spec);
                    List<String> up = Transposer.transpose(encoder.encode(piece), semitones, spec);

                    DecodeResult decoded = encoder.decodeWithStats(up, 120);

                    assertThat(decoded.wellFormed()).isTrue();
                    assertThat(decoded.piece().noteCount()).isLessThanOrEqualTo(NoteGrid.of(piece, spec).size());
                    assertThat(encoder.encode(decoded.piece())).isEqualTo(up);
                });
    }

    @Test
    void splitsAreAFunctionOfTheIdAlone() {
        PropertyCheck.forAll(random -> RandomPieces.string(random, 255))
                .edgeCases(List.of("", " ", "a", "\u0000", "\uffff", "\ud800", "\udfff", "\ud83c\udfb9", "é",
                        "piano/bach/bwv846.mid", "x".repeat(255), "\u00ff".repeat(255)))
                .showing(RandomPieces::quote)
                .tries(300)
                .seed(0x5EED_0609L)
                .check(id -> {
                    assertThat(PieceSplit.of(id)).isEqualTo(PieceSplit.of(new String(id.toCharArray())));
                    assertThat(new PieceSplit(0).splitOf(id)).isEqualTo(Split.TRAIN);
                    assertThat(new PieceSplit(1).splitOf(id)).isEqualTo(Split.TEST);
                    assertThat(PieceSplit.unitHash(id)).isBetween(0.0, 1.0).isLessThan(1.0);
                });
    }

    // ---------------------------------------------------------------- corpora

    /** 1..8 pieces of 0..80 piano notes. */
    private static List<Piece> corpus(SplittableRandom random) {
        return RandomPieces.listOf(random, 1, 8,
                r -> Piece.of("", RandomPieces.listOf(r, 0, 80, RandomPieces::pianoNote)));
    }

    /** One empty piece; the edge pieces played on the piano, in corpora of up to 8; every pitch 0..127. */
    private static List<List<Piece>> edgeCorpora() {
        List<Piece> piano = RandomPieces.edgePieces().stream()
                .map(p -> Piece.of("", p.notes().stream().map(n -> n.withPart(Part.PIANO)).toList()))
                .toList();
        List<Note> low = new ArrayList<>();
        List<Note> high = new ArrayList<>();
        for (int pitch = 0; pitch < 128; pitch++) {
            (pitch < 64 ? low : high).add(Note.piano(pitch, (pitch % 64) / 8.0, (pitch % 64) / 8.0 + 2));
        }
        return List.of(
                List.of(Piece.of("", List.of())),
                piano.subList(0, Math.min(8, piano.size())),
                piano.subList(Math.max(0, piano.size() - 8), piano.size()),
                List.of(Piece.of("", low), Piece.of("", high)));
    }

    // ---------------------------------------------------------------- token garbage

    record TokensAndSpec(List<String> tokens, EncodingSpec spec) {
        @Override
        public String toString() {
            return "spec " + spec + " (" + spec.id() + "), tokens " + RandomPieces.describeTokens(tokens);
        }
    }

    /**
     * Up to 80 tokens, each any string of up to 14 chars, a near miss of a real token, a token of the chamber
     * vocabulary, or a chord of 62 digits 0..2.
     */
    private static List<String> garbage(SplittableRandom random) {
        return RandomPieces.listOf(random, 0, 80, r -> switch (r.nextInt(4)) {
            case 0 -> RandomPieces.string(r, 14);
            case 1 -> RandomPieces.oneOf(r, NEAR_MISSES);
            case 2 -> RandomPieces.oneOf(r, CHAMBER_VOCABULARY);
            default -> "p" + digits(r, "012", 62);
        });
    }

    /** For every spec: nothing, every near miss, and ends before starts with waits of every length in between. */
    private static List<TokensAndSpec> edgeGarbage() {
        List<String> endsFirst = new ArrayList<>(List.of("endp0", "endv0", "wait24", "p0", "p0", "v0", "endp0",
                "endp0", "wait1", "endv0", "wait25", "p61", "wait0"));
        endsFirst.add("p" + "2".repeat(62));
        endsFirst.add("p" + "1".repeat(62));
        endsFirst.add("v" + "0".repeat(61) + "1");
        List<TokensAndSpec> cases = new ArrayList<>();
        for (EncodingSpec spec : RandomPieces.SPECS) {
            cases.add(new TokensAndSpec(List.of(), spec));
            cases.add(new TokensAndSpec(NEAR_MISSES, spec));
            cases.add(new TokensAndSpec(endsFirst, spec));
        }
        return cases;
    }

    /** Nothing, the whole vocabulary in order and reversed, and one end token repeated 200 times. */
    private static List<List<String>> edgeShuffles() {
        List<String> reversed = new ArrayList<>(CHAMBER_VOCABULARY);
        Collections.reverse(reversed);
        return List.of(List.of(), CHAMBER_VOCABULARY, reversed, Collections.nCopies(200, "endp0"),
                Collections.nCopies(200, CHAMBER_VOCABULARY.get(0)));
    }

    /** Up to 60 chords of either part, 12 digits each from 0, 0, 1 and 2. */
    private static List<String> chords(SplittableRandom random) {
        return RandomPieces.listOf(random, 0, 60, r -> (r.nextBoolean() ? "p" : "v") + digits(r, "0012", 12));
    }

    /** Nothing, silence, holds with nothing to hold, and every key struck then held in both parts. */
    private static List<List<String>> edgeChords() {
        return List.of(List.of(),
                List.of("p000000000000", "v000000000000"),
                List.of("p222222222222", "v222222222222", "p222222222222"),
                List.of("v111111111111", "p111111111111", "v222222222222", "p222222222222", "v000000000000",
                        "p000000000000"),
                List.of("p100000000001", "p200000000002", "p210000000012", "v020000000020", "v000000000000"));
    }

    private static String digits(SplittableRandom random, String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- transposition

    record Transposition(EncodingSpec spec, Piece piece, int semitones) {
        @Override
        public String toString() {
            return "spec " + spec + " (" + spec.id() + "), " + semitones + " semitones, piece "
                    + RandomPieces.describe(piece);
        }
    }

    /**
     * A spec and a piece at least 5 keys above its lowest and 6 below its highest, so that −5..+6 drops nothing;
     * starts and lengths on eighths of a quarter; and a key.
     */
    private static Transposition transposable(SplittableRandom random) {
        EncodingSpec spec = RandomPieces.spec(random);
        List<Note> notes = RandomPieces.listOf(random, 0, 40, r -> {
            int pitch = RandomPieces.between(r, spec.lowest() + 5, spec.lowest() + spec.range() - 7);
            int start = RandomPieces.between(r, 0, 160);
            int length = RandomPieces.between(r, 1, 30);
            return new Note(pitch, start / 8.0, (start + length) / 8.0, 80, RandomPieces.part(r));
        });
        return new Transposition(spec, Piece.of("", notes), RandomPieces.oneOf(random, Transposer.ALL_KEYS));
    }

    /** For every spec and both extreme keys: nothing, and notes on both allowed bounds in both parts. */
    private static List<Transposition> edgeTransposables() {
        List<Transposition> cases = new ArrayList<>();
        for (EncodingSpec spec : RandomPieces.SPECS) {
            int low = spec.lowest() + 5;
            int high = spec.lowest() + spec.range() - 7;
            Piece bounds = Piece.of("", List.of(new Note(low, 0, 1.0 / 8, 80, Part.PIANO),
                    new Note(high, 0, 30.0 / 8, 80, Part.PIANO), new Note(low, 20, 20 + 30.0 / 8, 80, Part.SOLO),
                    new Note(high, 20 - 1.0 / 8, 20, 80, Part.SOLO), new Note(low, 1.0 / 8, 2.0 / 8, 80, Part.PIANO)));
            cases.add(new Transposition(spec, Piece.of("", List.of()), -5));
            cases.add(new Transposition(spec, bounds, -5));
            cases.add(new Transposition(spec, bounds, 6));
        }
        return cases;
    }

    /** Every edge piece with every spec, going through the keys in turn. */
    private static List<Transposition> edgeTranspositions() {
        List<Transposition> cases = new ArrayList<>();
        for (PieceAndSpec edge : PieceAndSpec.edgeCases(RandomPieces.SPECS)) {
            cases.add(new Transposition(edge.spec(), edge.piece(),
                    Transposer.ALL_KEYS.get(cases.size() % Transposer.ALL_KEYS.size())));
        }
        return cases;
    }
}
