package dev.clara.cli;

import com.google.protobuf.ByteString;
import dev.clara.proto.v1.EncodeRequest;
import dev.clara.proto.v1.EncodeResponse;
import dev.clara.proto.v1.EncoderGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Print the tokens of a MIDI file (through the encoder's gRPC Encode).")
public class EncodeCommand implements Callable<Integer> {
    @Option(names = "--encoder-address", paramLabel = "HOST:PORT", defaultValue = "${env:CLARA_ENCODER:-localhost:8101}",
            description = "encoder-service gRPC address (default: ${DEFAULT-VALUE}; env CLARA_ENCODER).")
    String encoderAddress;

    @Parameters(paramLabel = "FILE.mid", description = "The MIDI file.")
    Path file;

    @Option(names = "--encoding", paramLabel = "ID", defaultValue = "notewise-sf12-r62",
            description = "Encoding id, e.g. notewise-sf12-r62, chordwise-sf4-r62, notewise-sf12-r62-chamber (default: ${DEFAULT-VALUE}).")
    String encoding;

    @Option(names = "--ensemble", paramLabel = "KIND", defaultValue = "auto", description = "auto, piano or chamber.")
    String ensemble;

    @Option(names = "--stats", description = "Print the piece's statistics to stderr.")
    boolean stats;

    @Override
    public Integer call() throws Exception {
        byte[] midi = Files.readAllBytes(file);
        ManagedChannel channel = GrpcChannels.open(encoderAddress);
        try {
            EncodeResponse response = EncoderGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
                    .encode(EncodeRequest.newBuilder().setMidi(ByteString.copyFrom(midi)).setEncoding(encoding)
                            .setEnsemble(SubmitCommand.parseEnsemble(ensemble)).build());
            System.out.println(response.getTokens());
            if (stats) {
                System.err.printf(Locale.ROOT, "%s: %d tokens, %d notes, %.1f s, %.0f BPM%s%n", response.getEncoding(),
                        response.getTokenCount(), response.getNoteCount(), response.getDurationSeconds(),
                        response.getTempoBpm(), response.getHasSolo() ? ", solo part" : "");
            }
            return 0;
        } catch (StatusRuntimeException e) {
            System.err.println(file + ": " + GrpcChannels.describe(e, "encoder-service", encoderAddress));
            return 1;
        } finally {
            GrpcChannels.close(channel);
        }
    }
}
