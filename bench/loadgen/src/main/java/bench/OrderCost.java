package bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What one order costs, per process and per service database, in the E2E phases (issue 23): CPU ms per order of each
 * service, of the services together and of PostgreSQL, and the statements and commits each database ran per order.
 */
final class OrderCost {

    private OrderCost() {
    }

    /** CPU ms per order of the four services together. */
    static double servicesCpuMs(JsonNode perOrder) {
        double sum = 0;
        for (Stack.Service service : Stack.SERVICES) {
            sum += perOrder.path("cpuMs").path(service.name()).asDouble();
        }
        return sum;
    }

    /** CPU ms per order of PostgreSQL: its server processes and the backends of the services' databases. */
    static double postgresCpuMs(JsonNode perOrder) {
        double sum = 0;
        for (var e : perOrder.path("cpuMs").properties()) {
            if (e.getKey().startsWith("postgres: ") && !e.getKey().equals("postgres: other databases")) {
                sum += e.getValue().asDouble();
            }
        }
        return sum;
    }

    /** Statements per order of all service databases; NaN where they were not counted. */
    static double statements(JsonNode perOrder) {
        if (perOrder.path("dbStatements").isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (JsonNode n : perOrder.path("dbStatements")) {
            sum += n.asDouble();
        }
        return sum;
    }

    /** The E2E phases ({concurrency: phase}) side by side. */
    static void table(StringBuilder md, JsonNode phases) {
        List<String> names = new ArrayList<>();
        phases.fieldNames().forEachRemaining(names::add);
        md.append("\n**Cost per order** (CPU ms of each process per order answered in the phase; statements and commits"
                + " of each service database per order)\n\n| |");
        names.forEach(n -> md.append(" c").append(n).append(" |"));
        md.append("\n|").append(" --- |".repeat(names.size() + 1)).append('\n');
        Set<String> processes = new LinkedHashSet<>();
        Stack.SERVICES.forEach(s -> processes.add(s.name()));
        names.forEach(n -> phases.path(n).path("perOrder").path("cpuMs").fieldNames().forEachRemaining(processes::add));
        for (String process : processes) {
            row(md, phases, names, "CPU ms: " + process, p -> p.path("cpuMs").path(process).asText("–"));
        }
        row(md, phases, names, "CPU ms: the services together", p -> String.format("%.2f", servicesCpuMs(p)));
        row(md, phases, names, "CPU ms: PostgreSQL", p -> String.format("%.2f", postgresCpuMs(p)));
        for (String database : List.of("users", "billing", "orders", "notifications")) {
            row(md, phases, names, "DB " + database + ": statements / commits", p -> p.path("dbStatements")
                    .path(database).asText("–") + " / " + p.path("dbCommits").path(database).asText("–"));
        }
    }

    private static void row(StringBuilder md, JsonNode phases, List<String> names, String label,
            Function<JsonNode, String> cell) {
        md.append("| ").append(label).append(" |");
        names.forEach(n -> md.append(' ').append(cell.apply(phases.path(n).path("perOrder"))).append(" |"));
        md.append('\n');
    }
}
