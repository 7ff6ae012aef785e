package homework.arch.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names the chart's monitoring refers to: the PromQL expressions of the Grafana dashboard and of the alert
 * rules, and the names in them. deploy-tests checks them against the meters the services declare, system-tests
 * (MetricsIT) against what the running services serve.
 */
public final class PromQl {

    /** Helm template actions (in the rules file) and Grafana legend templates. */
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{.*?}}");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    /** A name not part of a number (1e3, 5m) nor of a longer name; a following "(" makes it a function. */
    private static final Pattern NAME = Pattern.compile(
            "(?<![A-Za-z0-9_:.$])([A-Za-z_:][A-Za-z0-9_:]*)(?![A-Za-z0-9_:])(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "by",
            "without", "on", "ignoring", "group_left", "group_right");
    /** What Prometheus appends to a meter's name: series of a histogram or summary, a counter's total, the unit. */
    private static final Pattern SUFFIXES = Pattern.compile("(?:_seconds|_bytes)?(?:_bucket|_count|_sum|_max|_total)?$");

    private PromQl() {
    }

    /** Every PromQL expression in a dashboard or a rules document: each {@code expr} field, at any depth. */
    public static Set<String> expressions(JsonNode document) {
        Set<String> expressions = new TreeSet<>();
        collect(document, expressions);
        return expressions;
    }

    /** The metric names an expression selects (not its functions, labels, keywords or template actions). */
    public static Set<String> metricNames(String expression) {
        String bare = expression;
        for (Pattern noise : new Pattern[] {TEMPLATE, STRING, MATCHERS, RANGE, GROUPING}) {
            bare = noise.matcher(bare).replaceAll(" ");
        }
        Set<String> names = new TreeSet<>();
        Matcher name = NAME.matcher(bare);
        while (name.find()) {
            if (name.group(2) == null && !KEYWORDS.contains(name.group(1).toLowerCase())) {
                names.add(name.group(1));
            }
        }
        return names;
    }

    /** The metric names of every expression in a document. */
    public static Set<String> metricNames(JsonNode document) {
        Set<String> names = new TreeSet<>();
        expressions(document).forEach(expression -> names.addAll(metricNames(expression)));
        return names;
    }

    /**
     * The meter a Prometheus series name comes from, in Micrometer's dotted form: {@code
     * http_server_requests_seconds_bucket} and {@code http_server_requests_seconds_count} are both
     * {@code http.server.requests}, {@code orders_settled_total} is {@code orders.settled}.
     */
    public static String meterName(String seriesName) {
        return SUFFIXES.matcher(seriesName).replaceFirst("").replace('_', '.');
    }

    private static void collect(JsonNode node, Set<String> expressions) {
        if (node.isArray()) {
            node.forEach(element -> collect(element, expressions));
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if ("expr".equals(field.getKey()) && field.getValue().isTextual()) {
                    expressions.add(field.getValue().asText());
                } else {
                    collect(field.getValue(), expressions);
                }
            }
        }
    }
}
