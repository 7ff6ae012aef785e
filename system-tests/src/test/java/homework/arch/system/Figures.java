package homework.arch.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the reliability checks did and what they found, gathered over the whole run and printed once at its end
 * ({@link FiguresReport}). Every check records its violations here as well as failing its own test, so the last
 * lines of a run say how much was tried and whether anything broke, in one place.
 */
public final class Figures {

    private static final Map<String, Long> COUNTS = new LinkedHashMap<>();
    private static final List<String> VIOLATIONS = new ArrayList<>();

    private Figures() {
    }

    /** Adds {@code amount} to the figure named {@code name} ("orders placed", "faults injected", …). */
    public static synchronized void add(String name, long amount) {
        COUNTS.merge(name, amount, Long::sum);
    }

    public static synchronized void violation(String description) {
        VIOLATIONS.add(description);
    }

    public static synchronized boolean isEmpty() {
        return COUNTS.isEmpty() && VIOLATIONS.isEmpty();
    }

    static synchronized String report() {
        StringBuilder report = new StringBuilder("Reliability figures\n");
        COUNTS.forEach((name, count) -> report.append(String.format("  %-55s %,d%n", name, count)));
        report.append(String.format("  %-55s %,d%n", "violations", VIOLATIONS.size()));
        VIOLATIONS.forEach(violation -> report.append("    - ").append(violation).append('\n'));
        return report.toString();
    }
}
