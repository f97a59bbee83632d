package dev.clara.music.encoding;

import dev.clara.music.Note;
import dev.clara.music.Part;
import dev.clara.music.Piece;
import dev.clara.music.TempoMap;

import java.util.ArrayList;
import java.util.List;

/** The notes a decoder has read so far, on the grid, and the repairs it made; turned into a piece at the end. */
final class DecodedNotes {

    private final EncodingSpec spec;
    private final List<Note> notes = new ArrayList<>();
    int skippedTokens;
    int unmatchedEnds;
    int unclosedNotes;

    DecodedNotes(EncodingSpec spec) {
        this.spec = spec;
    }

    void add(Part part, int key, long startStep, long endStep) {
        double sampleFreq = spec.sampleFreq();
        notes.add(new Note(spec.pitchOf(key), startStep / sampleFreq, endStep / sampleFreq, Note.DEFAULT_VELOCITY,
                part));
    }

    DecodeResult result(int tokens, double tempoBpm) {
        Piece piece = Piece.of("", notes, TempoMap.constant(tempoBpm));
        return new DecodeResult(piece, tokens, skippedTokens, unmatchedEnds, unclosedNotes);
    }
}
