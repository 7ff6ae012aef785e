package homework.arch.user.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Completes registrations whose request stopped after reserving them (billing unreachable, the client gone): their
 * billing account is opened and they become users, as their retry would have made them.
 */
@ApplicationScoped
public class RegistrationReconciler {

    private final UserService users;

    public RegistrationReconciler(UserService users) {
        this.users = users;
    }

    @Scheduled(identity = "registration-reconciler", every = "${users.registrations.reconcile-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reconcile() {
        return users.completeStalledRegistrations().replaceWithVoid();
    }
}
