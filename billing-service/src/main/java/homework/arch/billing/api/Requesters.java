package homework.arch.billing.api;

import homework.arch.billing.service.OperationExecutor;
import homework.arch.billing.service.Requester;
import homework.arch.infra.auth.Caller;
import homework.arch.infra.auth.IdempotencyScopes;

/** Who a REST request is made by, as billing applies it: a user with their token, or a service with its credential. */
final class Requesters {

    private Requesters() {
    }

    /** The user of a public endpoint: their own Idempotency-Keys, answers about their own account only. */
    static Requester user(Caller caller) {
        return Requester.user(caller.userId(), caller.idempotencyScope(OperationExecutor.IDEMPOTENCY_SERVICE));
    }

    /** The service calling an internal operation with its credential: its own Idempotency-Keys. */
    static Requester service(Caller caller) {
        return Requester.system(
                IdempotencyScopes.ofService(OperationExecutor.IDEMPOTENCY_SERVICE, caller.serviceName()));
    }
}
