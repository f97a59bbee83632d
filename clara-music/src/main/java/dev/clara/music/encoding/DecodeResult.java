package dev.clara.music.encoding;

import dev.clara.music.Piece;

/**
 * A decoded piece and what the decoder had to repair on the way. Model output is decoded whatever it contains; these
 * counts say how far it was from a well-formed stream (all zero for the output of an encoder).
 *
 * @param piece          the notes that could be read
 * @param tokens         tokens read
 * @param skippedTokens  tokens outside the encoding's vocabulary (or a second start of a key within one step), ignored
 * @param unmatchedEnds  notewise ends of keys that were not sounding (ignored), or chordwise holds ({@code 2}) of keys
 *                       that were not sounding (read as onsets)
 * @param unclosedNotes  notewise notes without their end: closed at the next start of the same key or after the
 *                       decoder's default length
 */
public record DecodeResult(Piece piece, int tokens, int skippedTokens, int unmatchedEnds, int unclosedNotes) {

    /** Whether the stream needed no repair. */
    public boolean wellFormed() {
        return skippedTokens == 0 && unmatchedEnds == 0 && unclosedNotes == 0;
    }
}
