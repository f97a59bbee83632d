package dev.clara.cli;

import dev.clara.proto.v1.GeneratorGrpc;
import dev.clara.proto.v1.GetResultRequest;
import dev.clara.proto.v1.RankedResult;
import dev.clara.proto.v1.WatchResultsRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "results", mixinStandardHelpOptions = true,
        description = "Print the ranked table of a request (gRPC GetResult, waiting for it), or, without a request id, "
                + "every ranked result as it is published (gRPC WatchResults) until Ctrl-C.")
public class ResultsCommand implements Callable<Integer> {
    @Option(names = "--generator-address", paramLabel = "HOST:PORT", defaultValue = "${env:CLARA_GENERATOR:-localhost:8103}",
            description = "generator-service gRPC address (default: ${DEFAULT-VALUE}; env CLARA_GENERATOR).")
    String generatorAddress;

    @Parameters(arity = "0..1", paramLabel = "REQUEST_ID", description = "The request whose result to print.")
    String requestId;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait for the result (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Override
    public Integer call() {
        ManagedChannel channel = GrpcChannels.open(generatorAddress);
        try {
            GeneratorGrpc.GeneratorBlockingStub generator = GeneratorGrpc.newBlockingStub(channel);
            if (requestId == null) {
                Iterator<RankedResult> results = generator.watchResults(WatchResultsRequest.getDefaultInstance());
                System.out.println("watching clara.ranked; Ctrl-C to stop");
                while (results.hasNext()) {
                    ResultTable.print(results.next(), System.out);
                    System.out.println();
                }
                return 0;
            }
            RankedResult result = await(generator, requestId, waitSeconds);
            ResultTable.print(result, System.out);
            return 0;
        } catch (StatusRuntimeException e) {
            System.err.println(GrpcChannels.describe(e, "generator-service", generatorAddress));
            return 1;
        } finally {
            GrpcChannels.close(channel);
        }
    }

    static RankedResult await(GeneratorGrpc.GeneratorBlockingStub generator, String requestId, int waitSeconds) {
        return generator.withDeadlineAfter(waitSeconds + 10L, TimeUnit.SECONDS).getResult(GetResultRequest.newBuilder()
                .setRequestId(requestId).setWaitMs(waitSeconds * 1000L).build());
    }
}
