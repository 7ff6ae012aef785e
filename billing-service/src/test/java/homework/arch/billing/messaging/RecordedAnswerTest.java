package homework.arch.billing.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import homework.arch.billing.Balance;
import homework.arch.billing.Movement;
import homework.arch.billing.Outcome;
import homework.arch.billing.Position;
import homework.arch.billing.api.Replies;
import homework.arch.billing.api.TransactionResponse;
import homework.arch.infra.json.StrictJson;
import homework.arch.infra.money.CurrencyUnit;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A command's result is made from its recorded answer: what was rendered must read back as what it was made of. */
class RecordedAnswerTest {

    private final ObjectMapper mapper = StrictJson.apply(new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS));
    private final CurrencyUnit usd = CurrencyUnit.of("USD");
    private final BillingResults results = new BillingResults(null, mapper, usd);

    @Test
    void anAnswerRenderedJustNowReadsBackAsTheResponseItWasRenderedFrom() {
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        Movement transfer = Movement.transfer(alice, bob, 1050);
        List<Position> after = List.of(new Position(alice, new Balance(8950, 100), 7),
                new Position(bob, new Balance(1050, 0), 1));
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);

        String body = new Replies(usd, mapper).render(new Outcome.Posted(transfer, after, at)).body();

        assertThat(results.read(body, TransactionResponse.class))
                .isEqualTo(TransactionResponse.of(transfer, after, at, usd));
    }

    @Test
    void aBodyRecordedByAnEarlierVersionReadsWithTheApplicationsStrictMapper() {
        UUID alice = UUID.randomUUID();
        // A field since removed (fee), and none of one since added (createdAt).
        String recorded = "{\"id\":\"" + UUID.randomUUID()
                + "\",\"type\":\"DEPOSIT\",\"userId\":\"" + alice + "\",\"amount\":10.00,\"fee\":0,"
                + "\"currency\":\"USD\",\"balances\":{\"" + alice + "\":{\"available\":10.00,\"held\":0.00,"
                + "\"balance\":10.00}}}";

        TransactionResponse read = results.read(recorded, TransactionResponse.class);

        assertThat(read.userId()).isEqualTo(alice);
        assertThat(read.amount()).isEqualByComparingTo("10");
        assertThat(read.createdAt()).isNull();
        assertThat(read.balances().get(alice).available()).isEqualByComparingTo("10");
    }

    @Test
    void aRecordedBodyOfAnotherShapeIsAnError() {
        assertThatThrownBy(() -> results.read("[1, 2]", TransactionResponse.class))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("TransactionResponse");
    }
}
