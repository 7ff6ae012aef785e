package homework.arch.order.api;

import java.util.List;

/** {@code nextCursor} is null on the last page. */
public record OrderPageResponse(List<OrderResponse> items, String nextCursor) {
}
