package dev.clara.encoder.service;

import dev.clara.encoder.config.EncoderConfig;
import dev.clara.music.MidiFormatException;
import dev.clara.music.Piece;
import dev.clara.music.encoding.DecodeResult;
import dev.clara.music.encoding.EncodingSpec;
import dev.clara.music.encoding.PieceSplit;
import dev.clara.music.encoding.Split;
import dev.clara.music.encoding.TokenEncoder;
import dev.clara.music.encoding.TokenText;
import dev.clara.music.midi.MidiReader;
import dev.clara.music.midi.MidiWriter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the encoder does, independent of how a request arrived: reads a MIDI file once as piano and once as chamber
 * music, and writes it in every configured encoding (plus the chamber variants when it has a solo part).
 */
@ApplicationScoped
public class PieceEncodingService {
    /** How a submitted file's instruments are to be read. */
    public enum Ensemble { AUTO, PIANO, CHAMBER }

    private final List<EncodingSpec> encodings;
    private final MidiReader pianoReader;
    private final MidiReader chamberReader;
    private final PieceSplit split;
    private final int maxTokens;

    public PieceEncodingService(EncoderConfig config) {
        Set<EncodingSpec> specs = new LinkedHashSet<>();
        for (String id : config.encodings()) {
            try {
                // Chamber variants are derived per piece; the configured list names the base encodings.
                specs.add(EncodingSpec.parse(id.trim()).withChamber(false));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("clara.encoder.encodings: " + e.getMessage(), e);
            }
        }
        this.encodings = List.copyOf(specs);
        this.pianoReader = new MidiReader(false, config.maxMidiBytes());
        this.chamberReader = new MidiReader(true, config.maxMidiBytes());
        this.split = new PieceSplit(config.testFraction());
        this.maxTokens = config.maxTokens();
    }

    public List<EncodingSpec> encodings() {
        return encodings;
    }

    public Split splitOf(String pieceId) {
        return split.splitOf(pieceId);
    }

    /** Every configured encoding of a submitted file, chamber variants included where the file has a solo part. */
    public List<EncodedForm> encodeAll(byte[] midi, String title, Ensemble ensemble) throws RejectedPieceException {
        Piece piano = ensemble == Ensemble.CHAMBER ? null : read(pianoReader, midi, title);
        Piece chamber = ensemble == Ensemble.PIANO ? null : readChamber(midi, title, ensemble == Ensemble.CHAMBER);
        if (piano == null) {
            piano = chamber.withNotes(chamber.notes().stream().map(n -> n.withPart(dev.clara.music.Part.PIANO)).toList());
        }
        List<EncodedForm> forms = new ArrayList<>();
        for (EncodingSpec spec : encodings) {
            forms.add(encode(spec, piano));
            if (chamber != null) {
                forms.add(encode(spec.withChamber(true), chamber));
            }
        }
        return forms;
    }

    /** One file in one encoding, as gRPC Encode asks. */
    public EncodedForm encodeOne(byte[] midi, String encodingId, Ensemble ensemble) throws RejectedPieceException {
        EncodingSpec spec = parseSpec(encodingId);
        if (spec.chamber()) {
            return encode(spec, readChamber(midi, null, true));
        }
        return encode(spec, read(pianoReader, midi, null));
    }

    /** Token text back to MIDI; any token sequence decodes (unknown tokens are skipped and counted). */
    public Decoded decode(String tokens, String encodingId, double tempoBpm) throws RejectedPieceException {
        EncodingSpec spec = parseSpec(encodingId);
        double tempo = tempoBpm > 0 ? tempoBpm : 120.0;
        DecodeResult result = TokenEncoder.forSpec(spec, maxTokens).decodeWithStats(TokenText.split(tokens), tempo);
        return new Decoded(new MidiWriter().write(result.piece()), result);
    }

    /** A decoded token text: the MIDI file and what the decoder had to skip or close. */
    public record Decoded(byte[] midi, DecodeResult result) {
    }

    public static EncodingSpec parseSpec(String encodingId) throws RejectedPieceException {
        String id = encodingId == null || encodingId.isBlank() ? EncodingSpec.NOTEWISE.id() : encodingId.trim();
        try {
            return EncodingSpec.parse(id);
        } catch (IllegalArgumentException e) {
            throw new RejectedPieceException("UNKNOWN_ENCODING", e.getMessage());
        }
    }

    private EncodedForm encode(EncodingSpec spec, Piece piece) throws RejectedPieceException {
        try {
            return new EncodedForm(spec, TokenEncoder.forSpec(spec, maxTokens).encode(piece), piece);
        } catch (MidiFormatException e) {
            throw new RejectedPieceException(e.code().name(), spec.id() + ": " + e.reason());
        }
    }

    private Piece readChamber(byte[] midi, String title, boolean required) throws RejectedPieceException {
        try {
            Piece piece = chamberReader.read(midi, title);
            if (piece.hasSolo()) {
                return piece;
            }
            if (required) {
                throw new RejectedPieceException("UNSUPPORTED_INSTRUMENTATION",
                        "chamber encoding asked for, but no track is a solo instrument (strings, winds, brass or voice)");
            }
            return null;
        } catch (MidiFormatException e) {
            // In AUTO mode a file whose instruments fit neither family is still a piano piece: the piano encodings
            // carry all of it, so nothing is lost by not writing a chamber variant.
            if (required || e.code() != dev.clara.music.ErrorCode.UNSUPPORTED_INSTRUMENTATION) {
                throw new RejectedPieceException(e.code().name(), e.reason());
            }
            return null;
        }
    }

    private static Piece read(MidiReader reader, byte[] midi, String title) throws RejectedPieceException {
        try {
            return reader.read(midi, title);
        } catch (MidiFormatException e) {
            throw new RejectedPieceException(e.code().name(), e.reason());
        }
    }
}
