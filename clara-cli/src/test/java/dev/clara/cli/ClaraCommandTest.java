package dev.clara.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ClaraCommandTest {

    @Test
    void everySubcommandHasHelpThatExplainsIt() {
        CommandLine clara = new CommandLine(new ClaraCommand());
        assertThat(clara.getSubcommands()).containsKeys("up", "down", "status", "submit", "encode", "decode", "train", "models", "generate", "results", "demo");
        for (var entry : clara.getSubcommands().entrySet()) {
            if (entry.getKey().equals("help")) {
                continue;
            }
            StringWriter usage = new StringWriter();
            entry.getValue().usage(new PrintWriter(usage));
            assertThat(usage.toString()).as(entry.getKey()).contains("Usage: clara " + entry.getKey()).contains("--help");
            assertThat(entry.getValue().getCommandSpec().usageMessage().description()).as(entry.getKey()).isNotEmpty();
        }
    }

    @Test
    void badOptionsAreRefusedWithTheReason() {
        CommandLine clara = new CommandLine(new ClaraCommand());
        StringWriter err = new StringWriter();
        clara.setErr(new PrintWriter(err));
        int code = clara.execute("decode", "tokens.txt");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--output=OUT.mid'");
    }
}
