package homework.arch.billing.api;

import homework.arch.infra.problem.InvalidParameter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The paging parameters of a statement. The cursor is opaque to clients: it names the last entry they have seen, of
 * the account they saw it in, so that it cannot be replayed against another account.
 */
final class StatementCursor {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final Pattern FORMAT = Pattern.compile("v1:([0-9a-f-]{36}):([1-9][0-9]{0,18})");

    private StatementCursor() {
    }

    static String encode(UUID userId, long seq) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("v1:" + userId + ":" + seq).getBytes(StandardCharsets.US_ASCII));
    }

    /** @return the entry the page starts below; null for the first page */
    static Long decode(UUID userId, String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            Matcher matcher = FORMAT.matcher(text);
            if (matcher.matches() && matcher.group(1).equals(userId.toString())) {
                return Long.parseLong(matcher.group(2));
            }
        } catch (IllegalArgumentException notOurs) {
            // falls through to the same answer as any other foreign cursor
        }
        throw new InvalidParameter("invalid_cursor", "cursor",
                "is not a cursor of this account's statement; pass back nextCursor as it was received");
    }

    static int limit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // falls through to the same answer as a number out of range
        }
        throw new InvalidParameter("validation_failed", "limit", "must be an integer from 1 to " + MAX_LIMIT);
    }
}
