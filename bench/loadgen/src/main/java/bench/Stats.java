package bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/** Percentiles of a sample (nearest rank), in milliseconds. */
final class Stats {

    private final double[] sorted;

    Stats(double[] values) {
        this.sorted = values.clone();
        Arrays.sort(sorted);
    }

    int count() {
        return sorted.length;
    }

    double percentile(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }

    /** {count, p50, p90, p99, max} in ms (NaN-free: an empty sample gives nulls). */
    ObjectNode toJson() {
        ObjectNode node = Json.object().put("count", count());
        for (double p : new double[] {50, 90, 99}) {
            put(node, "p" + (int) p + "Ms", percentile(p));
        }
        put(node, "maxMs", max());
        return node;
    }

    private static void put(ObjectNode node, String field, double value) {
        if (Double.isNaN(value)) {
            node.putNull(field);
        } else {
            node.put(field, Json.round(value, 1));
        }
    }
}
