package dev.clara.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "clara", mixinStandardHelpOptions = true, version = "clara 0.1.0",
        description = {"Clara composes piano and chamber music with an LSTM language model over music tokens.",
                "Its services talk over Kafka and gRPC; this command starts them locally and drives them."},
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, SubmitCommand.class,
                EncodeCommand.class, DecodeCommand.class, TrainCommand.class, ModelsCommand.class, GenerateCommand.class, ResultsCommand.class, DemoCommand.class,
                CommandLine.HelpCommand.class})
public class ClaraCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new ClaraCommand())
                .setExecutionExceptionHandler((e, cmd, parseResult) -> {
                    // Users get the reason, not a stack trace; CLARA_DEBUG=1 shows the trace.
                    if (System.getenv("CLARA_DEBUG") != null) {
                        e.printStackTrace();
                    }
                    cmd.getErr().println("clara " + cmd.getCommandName() + ": " + (e.getMessage() == null ? e : e.getMessage()));
                    return 1;
                });
        System.exit(commandLine.execute(args));
    }
}
