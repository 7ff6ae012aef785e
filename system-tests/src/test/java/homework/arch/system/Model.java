package homework.arch.system;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the system must hold after the reliability run, built from the definitive answers the clients got: the users,
 * each user's balance and held amount (in cents), and the orders with the status they were answered with.
 */
final class Model {

    record PlacedOrder(UUID id, UUID userId, long priceCents) {
    }

    private final List<UUID> userIds = new CopyOnWriteArrayList<>();
    private final Map<UUID, Api.User> users = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicLong> balances = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicLong> held = new ConcurrentHashMap<>();
    private final Map<UUID, PlacedOrder> orders = new ConcurrentHashMap<>();
    private final Map<UUID, String> answeredStatus = new ConcurrentHashMap<>();

    void userRegistered(Api.User user) {
        users.put(user.id(), user);
        balances.put(user.id(), new AtomicLong());
        held.put(user.id(), new AtomicLong());
        userIds.add(user.id());
    }

    /** Money that came to ({@code cents} > 0) or left the user's balance. */
    void moved(UUID user, long cents) {
        balances.get(user).addAndGet(cents);
    }

    /** Money that was held ({@code cents} > 0) or stopped being held; a capture also {@link #moved} it out. */
    void holdChanged(UUID user, long cents) {
        held.get(user).addAndGet(cents);
    }

    void orderPlaced(PlacedOrder order, String status) {
        orders.put(order.id(), order);
        answeredStatus.put(order.id(), status);
    }

    List<Api.User> users() {
        return userIds.stream().map(users::get).toList();
    }

    Api.User user(UUID id) {
        return users.get(id);
    }

    UUID anyUser() {
        return userIds.get(ThreadLocalRandom.current().nextInt(userIds.size()));
    }

    UUID anyUserBut(UUID user) {
        UUID other;
        do {
            other = anyUser();
        } while (other.equals(user));
        return other;
    }

    long balance(UUID user) {
        return balances.get(user).get();
    }

    long held(UUID user) {
        return held.get(user).get();
    }

    List<PlacedOrder> orders() {
        return List.copyOf(orders.values());
    }

    /** The status the order's POST was answered with: PAID, CANCELLED or PENDING. */
    String answeredStatus(UUID order) {
        return answeredStatus.get(order);
    }

    /** A random amount between {@code min} and {@code max} with cents. */
    static BigDecimal amount(int min, int max) {
        return BigDecimal.valueOf(ThreadLocalRandom.current().nextLong(min * 100L, max * 100L + 1), 2);
    }

    static long cents(BigDecimal amount) {
        return amount.movePointRight(2).longValueExact();
    }

    static BigDecimal decimal(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }
}
