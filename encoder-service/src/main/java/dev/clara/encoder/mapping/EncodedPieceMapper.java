package dev.clara.encoder.mapping;

import dev.clara.encoder.service.EncodedForm;
import dev.clara.music.encoding.Split;
import dev.clara.music.encoding.TokenText;
import dev.clara.proto.v1.EncodeResponse;
import dev.clara.proto.v1.EncodedPiece;
import dev.clara.proto.v1.MidiSubmitted;

/** Domain encodings to the wire messages of clara.tokens and gRPC Encode. */
public final class EncodedPieceMapper {
    private EncodedPieceMapper() {
    }

    public static EncodedPiece toEvent(MidiSubmitted submitted, String pieceId, Split split, EncodedForm form) {
        return EncodedPiece.newBuilder()
                .setPieceId(pieceId)
                .setComposer(submitted.getComposer())
                .setTitle(submitted.getTitle().isEmpty() ? form.piece().title() : submitted.getTitle())
                .setSplit(split == Split.TEST ? dev.clara.proto.v1.Split.SPLIT_TEST : dev.clara.proto.v1.Split.SPLIT_TRAIN)
                .setEncoding(form.spec().id())
                .setTokens(TokenText.join(form.tokens()))
                .setTokenCount(form.tokens().size())
                .setNoteCount(form.piece().noteCount())
                .setDurationSeconds(form.piece().durationSeconds())
                .setDurationQuarters(form.piece().durationQuarters())
                .setTempoBpm(form.piece().tempoBpm())
                .setHasSolo(form.piece().hasSolo())
                .setSource(submitted.getSource())
                .setEncodedAtMs(System.currentTimeMillis())
                .build();
    }

    public static EncodeResponse toResponse(EncodedForm form) {
        return EncodeResponse.newBuilder()
                .setEncoding(form.spec().id())
                .setTokens(TokenText.join(form.tokens()))
                .setTokenCount(form.tokens().size())
                .setNoteCount(form.piece().noteCount())
                .setDurationSeconds(form.piece().durationSeconds())
                .setTempoBpm(form.piece().tempoBpm())
                .setHasSolo(form.piece().hasSolo())
                .build();
    }
}
