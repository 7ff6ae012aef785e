package homework.arch.billing.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import homework.arch.billing.Balance;
import homework.arch.infra.money.CurrencyUnit;
import homework.arch.billing.Movement;
import homework.arch.billing.Position;
import homework.arch.billing.api.TransactionResponse;
import homework.arch.infra.idempotency.Claim;
import homework.arch.infra.json.StrictJson;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A command's result is made from its reply: the one given just now and its replay must read the same. */
class ReplyTest {

    private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final CurrencyUnit usd = CurrencyUnit.of("USD");

    @Test
    void aReplyGivenJustNowReadsAsItsReplayDoes() {
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        TransactionResponse transfer = TransactionResponse.of(Movement.transfer(alice, bob, 1050),
                List.of(new Position(alice, new Balance(8950, 100), 7), new Position(bob, new Balance(1050, 0), 1)),
                Ledger.now(), usd);
        Reply now = new Reply(201, StrictJson.write(mapper, transfer), false, null, transfer);

        Reply replay = Reply.replay(new Claim.RecordedResponse(now.status(), now.body()));

        assertThat(now.body(TransactionResponse.class, mapper)).isSameAs(transfer);
        assertThat(replay.body(TransactionResponse.class, mapper)).isEqualTo(transfer);
    }

    @Test
    void aBodyRecordedByAnEarlierVersionReadsWithTheApplicationsStrictMapper() {
        ObjectMapper strict = StrictJson.apply(mapper.copy());
        UUID alice = UUID.randomUUID();
        // A field since removed (fee), and none of one since added (createdAt).
        Reply replay = Reply.replay(new Claim.RecordedResponse(201, "{\"id\":\"" + UUID.randomUUID()
                + "\",\"type\":\"DEPOSIT\",\"userId\":\"" + alice + "\",\"amount\":10.00,\"fee\":0,"
                + "\"currency\":\"USD\",\"balances\":{\"" + alice + "\":{\"available\":10.00,\"held\":0.00,"
                + "\"balance\":10.00}}}"));

        TransactionResponse read = replay.body(TransactionResponse.class, strict);

        assertThat(read.userId()).isEqualTo(alice);
        assertThat(read.amount()).isEqualByComparingTo("10");
        assertThat(read.createdAt()).isNull();
        assertThat(read.balances().get(alice).available()).isEqualByComparingTo("10");
    }

    @Test
    void aRecordedBodyOfAnotherShapeIsAnError() {
        Reply replay = Reply.replay(new Claim.RecordedResponse(201, "[1, 2]"));

        assertThatThrownBy(() -> replay.body(TransactionResponse.class, mapper))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("TransactionResponse");
    }
}
