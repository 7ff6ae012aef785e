package homework.arch.deploy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The `location` blocks of an NGINX configuration (local/nginx.conf, the helm test's proxy), and which one NGINX picks
 * for a (normalised) request path: an exact match first, else the longest prefix. Regular-expression locations would
 * take part too; {@link #regexLocations()} lists them, so that a test can refuse them.
 */
record NginxLocations(List<Location> locations) {

    private static final Pattern LOCATION = Pattern.compile("location\\s+(=|\\^~|~\\*?)?\\s*([^\\s{]+)\\s*\\{");

    /** One block: its modifier ("" for a plain prefix), its path and its text up to the next location. */
    record Location(String modifier, String path, String body) {

        boolean proxies() {
            return body.contains("proxy_pass");
        }
    }

    static NginxLocations parse(String conf) {
        List<Location> locations = new ArrayList<>();
        Matcher m = LOCATION.matcher(conf);
        List<int[]> spans = new ArrayList<>();
        List<String[]> heads = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
            heads.add(new String[] {m.group(1) == null ? "" : m.group(1), m.group(2)});
        }
        for (int i = 0; i < spans.size(); i++) {
            int end = i + 1 < spans.size() ? spans.get(i + 1)[0] : conf.length();
            locations.add(new Location(heads.get(i)[0], heads.get(i)[1], conf.substring(spans.get(i)[1], end)));
        }
        return new NginxLocations(locations);
    }

    List<Location> regexLocations() {
        return locations.stream().filter(l -> l.modifier().startsWith("~")).toList();
    }

    /** The location NGINX serves a request path from (regular expressions aside), if any. */
    Optional<Location> select(String path) {
        Optional<Location> exact = locations.stream()
                .filter(l -> l.modifier().equals("=") && l.path().equals(path))
                .findFirst();
        if (exact.isPresent()) {
            return exact;
        }
        return locations.stream()
                .filter(l -> (l.modifier().isEmpty() || l.modifier().equals("^~")) && path.startsWith(l.path()))
                .max(Comparator.comparingInt(l -> l.path().length()));
    }
}
