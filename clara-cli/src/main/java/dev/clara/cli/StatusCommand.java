package dev.clara.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show which parts of the local stack run, their pids, ports and health.")
public class StatusCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        LocalStack stack = new LocalStack(ClaraHome.detect(), System.out);
        List<StackComponent> all = new ArrayList<>();
        all.add(StackComponent.KAFKA);
        all.addAll(stack.services());
        int down = 0;
        System.out.printf("%-17s %-8s %-7s %-6s %s%n", "PART", "STATE", "PID", "PORT", "HEALTH");
        for (StackComponent component : all) {
            var process = stack.running(component);
            String state = process.isPresent() ? "running" : "stopped";
            String health = process.isPresent() ? (stack.isHealthy(component) ? "ready" : "not ready") : "-";
            if (process.isEmpty()) {
                down++;
            }
            System.out.printf("%-17s %-8s %-7s %-6d %s%n", component.name(), state,
                    process.map(p -> Long.toString(p.pid())).orElse("-"), component.port(), health);
        }
        return down == 0 ? 0 : 3;
    }
}
