package homework.arch.billing.service;

import homework.arch.billing.BillingOperation;

/** An operation, the id it is applied under and whose id that is (see {@link OperationExecutor#execute}). */
public record IdentifiedOperation(Requester requester, String operationId, BillingOperation operation) {

    /** The idempotency scope of the operation id. */
    public String scope() {
        return requester.idempotencyScope();
    }
}
