package dev.clara.cli;

import dev.clara.proto.v1.DecodeRequest;
import dev.clara.proto.v1.DecodeResponse;
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

@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Write the MIDI file of a token text (through the encoder's gRPC Decode). Any token sequence decodes.")
public class DecodeCommand implements Callable<Integer> {
    @Option(names = "--encoder-address", paramLabel = "HOST:PORT", defaultValue = "${env:CLARA_ENCODER:-localhost:8101}",
            description = "encoder-service gRPC address (default: ${DEFAULT-VALUE}; env CLARA_ENCODER).")
    String encoderAddress;

    @Parameters(paramLabel = "FILE.txt", description = "Token text (tokens separated by white space); - reads stdin.")
    String input;

    @Option(names = "--encoding", paramLabel = "ID", defaultValue = "notewise-sf12-r62",
            description = "Encoding of the tokens (default: ${DEFAULT-VALUE}).")
    String encoding;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.mid", required = true, description = "Where to write the MIDI file.")
    Path output;

    @Option(names = "--tempo", paramLabel = "BPM", defaultValue = "120", description = "Tempo of the written file (default: ${DEFAULT-VALUE}).")
    double tempo;

    @Override
    public Integer call() throws Exception {
        String tokens = input.equals("-") ? new String(System.in.readAllBytes()) : Files.readString(Path.of(input));
        ManagedChannel channel = GrpcChannels.open(encoderAddress);
        try {
            DecodeResponse response = EncoderGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
                    .decode(DecodeRequest.newBuilder().setTokens(tokens.trim().replaceAll("\\s+", " "))
                            .setEncoding(encoding).setTempoBpm(tempo).build());
            Files.write(output, response.getMidi().toByteArray());
            System.out.printf(Locale.ROOT, "wrote %s: %d notes, %.1f s%s%n", output, response.getNoteCount(),
                    response.getDurationSeconds(),
                    response.getSkippedTokens() > 0 ? " (" + response.getSkippedTokens() + " tokens skipped)" : "");
            return 0;
        } catch (StatusRuntimeException e) {
            System.err.println(GrpcChannels.describe(e, "encoder-service", encoderAddress));
            return 1;
        } finally {
            GrpcChannels.close(channel);
        }
    }
}
