package homework.arch.user.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of user-service ({@code users.*}). */
@ConfigMapping(prefix = "users")
public interface UsersConfig {

    Registrations registrations();

    interface Registrations {

        /**
         * How often the reconciler completes registrations whose request stopped before billing opened the account
         * ({@code off} to disable, as the tests do, which run it on demand).
         */
        @WithDefault("30s")
        String reconcileEvery();

        /** How old a pending registration must be before the reconciler completes it: longer than a request lasts. */
        @WithDefault("60s")
        Duration completeAfter();

        /** How many pending registrations one reconciler run completes at most. */
        @WithDefault("50")
        int batchSize();
    }
}
