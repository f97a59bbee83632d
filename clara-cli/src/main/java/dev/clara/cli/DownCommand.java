package dev.clara.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop the local stack's services and the embedded broker (data and models stay in run/).")
public class DownCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        LocalStack stack = new LocalStack(ClaraHome.detect(), System.out);
        stopAll(stack);
        return 0;
    }

    public static void stopAll(LocalStack stack) throws Exception {
        // Services first, so they leave their consumer groups while the broker still answers.
        List<StackComponent> order = new ArrayList<>(stack.services());
        java.util.Collections.reverse(order);
        order.add(StackComponent.KAFKA);
        for (StackComponent component : order) {
            boolean was = stack.stop(component, Duration.ofSeconds(30));
            stack.out().printf("%-17s %s%n", component.name(), was ? "stopped" : "not running");
        }
    }
}
