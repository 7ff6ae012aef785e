package homework.arch.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The invariants of DESIGN.md while things go wrong: under steady load (clients registering, ordering and moving money
 * over REST, billing commands on the queue, poison on every consumed queue) each service is killed with SIGKILL and
 * started again in turn, then RabbitMQ and then PostgreSQL are restarted. Afterwards, within a minute: every order is
 * PAID or CANCELLED and has exactly one letter of its kind; every command has exactly one result; each balance is
 * what the definitive answers add up to, none is negative, and billing's ledger reconciles; no message waits or is
 * unacked; the dead-letter queues hold the poison and nothing else of the run.
 * <p>
 * Longer runs: {@code -Dsystem-tests.reliability.rounds=3} repeats the faults (docs/operations.md, "Reliability").
 */
@ExtendWith(StackReady.class)
class ReliabilityIT {

    private static final int ROUNDS = Integer.parseInt(Stack.setting("reliability.rounds", "1"));
    /** Load without a fault between two faults, so that each recovery is seen working under load. */
    private static final Duration STEADY = Duration.parse(Stack.setting("reliability.steady", "PT4S"));
    private static final Duration SETTLED_WITHIN = Duration.ofSeconds(60);
    private static final int USERS = 10;
    private static final int CLIENTS = 4;
    private static final int COMMANDS_PER_SECOND = 20;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Api api = new Api("reliability-" + run);
    private final Model model = new Model();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());

    @Test
    void everyInvariantHoldsThroughCrashesAndRestartsUnderLoad() throws Exception {
        RestLoad rest = new RestLoad(model, violations, run);
        try (Rabbit rabbit = Rabbit.connect("reliability " + run);
                CommandLoad commands = new CommandLoad(rabbit, model, run)) {
            Poison poison = new Poison(rabbit, run);
            Map<String, Long> deadLettersBefore = new HashMap<>();
            Poison.targets().forEach(target -> deadLettersBefore.put(target.deadLetterQueue(),
                    Rabbit.counts(target.deadLetterQueue()).total()));
            for (int i = 0; i < USERS; i++) {
                rest.registerUser();
            }
            model.users().forEach(user -> rest.deposit(user.id(), Model.amount(100, 200)));

            rest.start(CLIENTS);
            commands.start(COMMANDS_PER_SECOND);
            Figures.add("poison messages injected", poison.inject());
            for (int round = 1; round <= ROUNDS; round++) {
                for (Faults.Fault fault : new Faults().round()) {
                    Thread.sleep(STEADY.toMillis());
                    Instant start = Instant.now();
                    fault.inject();
                    log("%s: recovered after %.1f s", fault.name(), seconds(start));
                    commands.sendMalformed();
                }
            }
            Thread.sleep(STEADY.toMillis());
            rest.stop();
            commands.stop();
            Instant recovered = Instant.now();
            log("load stopped; checking");
            model.users().forEach(api::knows);

            Map<UUID, String> settled = ordersSettled(recovered.plus(SETTLED_WITHIN));
            commandsAnswered(commands, recovered.plus(SETTLED_WITHIN));
            violations.addAll(commands.settleInto(model));
            lettersOnePerOrder(settled, recovered.plus(SETTLED_WITHIN));
            balancesAsAnswered(settled);
            queuesDrained(recovered.plus(SETTLED_WITHIN));
            deadLettersAreThePoison(poison, deadLettersBefore, recovered.plus(SETTLED_WITHIN));
        } finally {
            violations.forEach(Figures::violation);
        }
        assertThat(violations).as("violations of the invariants").isEmpty();
    }

    /** Every order reaches PAID or CANCELLED, and one answered PAID or CANCELLED stays so. */
    private Map<UUID, String> ordersSettled(Instant deadline) throws InterruptedException {
        Map<UUID, Model.PlacedOrder> pending = model.orders().stream()
                .collect(Collectors.toMap(Model.PlacedOrder::id, Function.identity()));
        Map<UUID, String> settled = new HashMap<>();
        while (!pending.isEmpty()) {
            for (Model.PlacedOrder order : List.copyOf(pending.values())) {
                String status = api.as(order.userId()).get("/orders/{id}", order.id())
                        .then().statusCode(200).extract().path("status");
                if (!"PENDING".equals(status)) {
                    settled.put(order.id(), status);
                    pending.remove(order.id());
                    String answered = model.answeredStatus(order.id());
                    if (!"PENDING".equals(answered) && !answered.equals(status)) {
                        violations.add("order " + order.id() + " was answered " + answered + " and is " + status);
                    }
                }
            }
            if (pending.isEmpty() || Instant.now().isAfter(deadline)) {
                break;
            }
            Thread.sleep(500);
        }
        pending.keySet().forEach(id -> violations.add("order " + id + " still PENDING " + SETTLED_WITHIN
                + " after the load"));
        Figures.add("orders settled (PAID or CANCELLED)", settled.size());
        return settled;
    }

    private void commandsAnswered(CommandLoad commands, Instant deadline) throws InterruptedException {
        while (!commands.unanswered().isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
        }
        commands.unanswered().forEach(id -> violations.add("billing command " + id + " has no result"));
    }

    /** Exactly one letter per settled order, to its user, of the kind its outcome calls for; no other letters. */
    private void lettersOnePerOrder(Map<UUID, String> settled, Instant deadline) throws InterruptedException {
        Map<UUID, List<Model.PlacedOrder>> byUser = model.orders().stream()
                .filter(order -> settled.containsKey(order.id()))
                .collect(Collectors.groupingBy(Model.PlacedOrder::userId));
        long letters = 0;
        for (Map.Entry<UUID, List<Model.PlacedOrder>> entry : byUser.entrySet()) {
            Api.User user = model.user(entry.getKey());
            Set<UUID> orders = entry.getValue().stream().map(Model.PlacedOrder::id).collect(Collectors.toSet());
            List<Api.Letter> received = api.letters(user.id());
            while (!received.stream().map(Api.Letter::orderId).collect(Collectors.toSet()).containsAll(orders)
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(500);
                received = api.letters(user.id());
            }
            letters += received.size();
            Set<UUID> seen = new HashSet<>();
            for (Api.Letter letter : received) {
                if (!orders.contains(letter.orderId())) {
                    violations.add("letter " + letter.id() + " to " + user.email() + " for an order it did not place: "
                            + letter.orderId());
                } else if (!seen.add(letter.orderId())) {
                    violations.add("a second letter for order " + letter.orderId());
                } else if (!("ORDER_" + settled.get(letter.orderId())).equals(letter.type())
                        || !user.email().equals(letter.email())) {
                    violations.add("letter " + letter + " for an order that is " + settled.get(letter.orderId()));
                }
            }
            orders.stream().filter(order -> !seen.contains(order))
                    .forEach(order -> violations.add("no letter for order " + order + " of " + user.email()));
        }
        Figures.add("letters checked", letters);
    }

    /** Each balance and held amount is what the definitive answers add up to; billing's own ledger reconciles. */
    private void balancesAsAnswered(Map<UUID, String> settled) {
        model.orders().stream().filter(order -> "PAID".equals(settled.get(order.id())))
                .forEach(order -> model.moved(order.userId(), -order.priceCents()));
        for (Api.User user : model.users()) {
            Api.Account account = api.account(user.id());
            long balance = Model.cents(account.balance());
            long held = Model.cents(account.held());
            if (balance != model.balance(user.id()) || held != model.held(user.id())) {
                violations.add("account of " + user.id() + ": balance " + account.balance() + ", held "
                        + account.held() + "; the answers add up to " + Model.decimal(model.balance(user.id()))
                        + " and " + Model.decimal(model.held(user.id())));
            }
            if (account.available().signum() < 0 || account.held().signum() < 0) {
                violations.add("a negative amount on the account of " + user.id() + ": " + account);
            }
        }
        Figures.add("accounts checked", model.users().size());
        JsonPath reconciliation = given().baseUri(Stack.Service.BILLING.managementUrl()).get("/q/reconciliation")
                .then().extract().jsonPath();
        if (!reconciliation.getBoolean("consistent")) {
            violations.add("billing's ledger does not reconcile: " + reconciliation.prettify());
        }
    }

    /** Nothing waits on, or is delivered and unacked on, a queue the stack consumes. */
    private void queuesDrained(Instant deadline) throws InterruptedException {
        for (Poison.Target target : Poison.targets()) {
            Rabbit.Counts counts = Rabbit.counts(target.queue());
            while (counts.total() > 0 && Instant.now().isBefore(deadline)) {
                Thread.sleep(1000);
                counts = Rabbit.counts(target.queue());
            }
            if (counts.total() > 0) {
                violations.add(target.queue() + " still holds messages: " + counts);
            }
        }
    }

    /** The dead-letter queues got the poison, all of it, and nothing else; it is taken off them again. */
    private void deadLettersAreThePoison(Poison poison, Map<String, Long> before, Instant deadline) throws Exception {
        for (Map.Entry<String, List<String>> entry : poison.injected().entrySet()) {
            String queue = entry.getKey();
            long expected = before.get(queue) + entry.getValue().size();
            long total = Rabbit.counts(queue).total();
            while (total < expected && Instant.now().isBefore(deadline)) {
                Thread.sleep(1000);
                total = Rabbit.counts(queue).total();
            }
            List<String> found = poison.takeBack(queue);
            if (!new HashSet<>(found).equals(new HashSet<>(entry.getValue())) || found.size() != entry.getValue().size()) {
                violations.add(queue + ": the poison injected was " + entry.getValue() + ", found " + found);
            }
            if (total != expected) {
                violations.add(queue + " holds " + total + " messages, expected " + before.get(queue) + " from before "
                        + "the run and the " + entry.getValue().size() + " poison messages");
            }
            Figures.add("poison messages dead-lettered", found.size());
        }
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }

    private static void log(String format, Object... arguments) {
        System.out.printf("[reliability] " + format + "%n", arguments);
    }
}
