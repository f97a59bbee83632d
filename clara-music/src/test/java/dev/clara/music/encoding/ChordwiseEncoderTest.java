package dev.clara.music.encoding;

import dev.clara.music.ErrorCode;
import dev.clara.music.MidiFormatException;
import dev.clara.music.Note;
import dev.clara.music.Part;
import dev.clara.music.Piece;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class ChordwiseEncoderTest {

    // One octave from C4, four steps per quarter: tokens short enough to read.
    private static final EncodingSpec OCTAVE = new EncodingSpec(Scheme.CHORDWISE, 4, 12, 60, false);
    private static final EncodingSpec OCTAVE_CHAMBER = OCTAVE.withChamber(true);

    private final TokenEncoder encoder = TokenEncoder.forSpec(OCTAVE);
    private final TokenEncoder chamber = TokenEncoder.forSpec(OCTAVE_CHAMBER);

    @Test
    void writesOneTokenPerStepWithOnsetsAndHolds() throws Exception {
        Piece piece = Piece.of("", List.of(Note.piano(60, 0, 1), Note.piano(64, 0.5, 1)));

        assertThat(encoder.encode(piece)).containsExactly(
                "p100000000000",
                "p200000000000",
                "p200010000000",
                "p200020000000");
    }

    @Test
    void writesLeadingSilenceButNoTrailingSilence() throws Exception {
        Piece piece = Piece.of("", List.of(Note.piano(71, 0.5, 0.75)));

        assertThat(encoder.encode(piece)).containsExactly("p000000000000", "p000000000000", "p000000000001");
    }

    @Test
    void separatesRestruckNotesOfOneKey() throws Exception {
        Piece piece = Piece.of("", List.of(Note.piano(60, 0, 0.5), Note.piano(60, 0.5, 1)));

        assertThat(encoder.encode(piece)).containsExactly(
                "p100000000000", "p200000000000", "p100000000000", "p200000000000");
    }

    @Test
    void writesTheSoloTokenBeforeThePianoTokenOfEachStep() throws Exception {
        Piece piece = Piece.of("", List.of(Note.solo(67, 0, 0.5), Note.piano(60, 0, 0.25)));

        assertThat(chamber.encode(piece)).containsExactly(
                "v000000010000", "p100000000000",
                "v000000020000", "p000000000000");
    }

    @Test
    void decodesHeldDurations() {
        Piece piece = chamber.decode(List.of(
                "v000000010000", "p100000000000",
                "v000000020000", "p000000000000"), 120);

        assertThat(piece.notes()).extracting(Note::pitch, Note::start, Note::end, Note::part).containsExactly(
                tuple(60, 0.0, 0.25, Part.PIANO), tuple(67, 0.0, 0.5, Part.SOLO));
    }

    @Test
    void repairsMalformedStreams() {
        DecodeResult result = chamber.decodeWithStats(List.of(
                "p200000000000",            // solo missing in step 0; a hold of a silent key is an onset
                "p200000000000",            // a second p opens step 1
                "v000000010000",            // step 2: the piano is missing, so its note ends at 2
                "x000000000000", "p1", "v00000001000a", // skipped
                "v000000020000", "p000000000000"), 120);

        assertThat(result.piece().notes()).extracting(Note::pitch, Note::start, Note::end, Note::part)
                .containsExactly(tuple(60, 0.0, 0.5, Part.PIANO), tuple(67, 0.5, 1.0, Part.SOLO));
        assertThat(result.unmatchedEnds()).isEqualTo(1);
        assertThat(result.skippedTokens()).isEqualTo(3);
        // v tokens are unknown to a piano encoding.
        assertThat(encoder.decodeWithStats(List.of("v000000010000"), 120).skippedTokens()).isEqualTo(1);
    }

    @Test
    void refusesPiecesOverTheTokenLimit() {
        Piece piece = Piece.of("", List.of(Note.piano(60, 0, 100)));

        assertThatThrownBy(() -> TokenEncoder.forSpec(OCTAVE, 399).encode(piece))
                .isInstanceOfSatisfying(MidiFormatException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_TOKENS));
        assertThat(encoder.countTokens(piece)).isEqualTo(400);
    }

    @Test
    void usesClaraDefaults() throws Exception {
        List<String> tokens = TokenEncoder.forSpec(EncodingSpec.CHORDWISE)
                .encode(Piece.of("", List.of(Note.piano(33, 0, 0.25), Note.piano(94, 0, 0.25))));

        assertThat(tokens).containsExactly("p1" + "0".repeat(60) + "1");
    }
}
