package homework.arch.billing.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import homework.arch.billing.Outcome;
import homework.arch.billing.service.Reply;
import homework.arch.infra.idempotency.Claim;
import homework.arch.infra.idempotency.IdempotencyStore;
import homework.arch.infra.json.StrictJson;
import homework.arch.infra.money.CurrencyUnit;
import homework.arch.infra.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Billing's answers as HTTP gives them: {@link #render} turns an outcome into the status and JSON body recorded under
 * its operation id, {@link #toResponse} sends a reply as it is, byte for byte. The command queue records the same
 * documents, so a command's result reads the same whether it was answered just now or replayed.
 */
@ApplicationScoped
public class Replies {

    private final CurrencyUnit currency;
    private final ObjectMapper mapper;

    public Replies(CurrencyUnit currency, ObjectMapper mapper) {
        this.currency = currency;
        this.mapper = mapper;
    }

    /** The status and body of an outcome's answer. */
    public Claim.RecordedResponse render(Outcome outcome) {
        return outcome.accept(new Outcome.Visitor<>() {
            public Claim.RecordedResponse opened(Outcome.Opened opened) {
                return answer(opened.created() ? 201 : 200, AccountResponse.of(opened.account(), currency));
            }

            public Claim.RecordedResponse posted(Outcome.Posted posted) {
                return answer(201, TransactionResponse.of(posted.movement(), posted.visible(), posted.at(), currency));
            }

            public Claim.RecordedResponse holdChanged(Outcome.HoldChanged changed) {
                return answer(changed.placed() ? 201 : 200,
                        HoldResponse.of(changed.hold(), currency, changed.after()));
            }

            public Claim.RecordedResponse paid(Outcome.Paid paid) {
                return answer(paid.first() ? 201 : 200, PaymentResponse.of(paid.payment(), currency));
            }

            public Claim.RecordedResponse rejected(Outcome.Rejected rejected) {
                return render(rejected.rejection().problem());
            }
        });
    }

    /** The status and body of a problem's answer. */
    public Claim.RecordedResponse render(Problem problem) {
        return answer(problem.status(), problem);
    }

    private Claim.RecordedResponse answer(int status, Object body) {
        return new Claim.RecordedResponse(status, StrictJson.write(mapper, body));
    }

    static Response toResponse(Reply reply) {
        Response.ResponseBuilder response = Response.status(reply.status())
                .type(reply.isProblem() ? Problem.MEDIA_TYPE : MediaType.APPLICATION_JSON)
                .entity(reply.body());
        if (reply.replayed()) {
            response.header(IdempotencyStore.REPLAYED_HEADER, "true");
        }
        return response.build();
    }
}
