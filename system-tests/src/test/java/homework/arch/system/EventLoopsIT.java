package homework.arch.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A service in production runs one Vert.x event loop per CPU it is given (infra's default for the prod profile, which
 * the chart raises with a pod's CPU limit; docs/decisions/0021): the local stack sets nothing, so each of its
 * processes has exactly one. Read from the threads of the process in its pid file.
 */
@ExtendWith(StackReady.class)
class EventLoopsIT {

    @ParameterizedTest
    @EnumSource(Stack.Service.class)
    void eachServiceOfTheLocalStackRunsOneEventLoop(Stack.Service service) throws IOException {
        Path pidFile = Stack.runDir().resolve(service.serviceName() + ".pid");
        assumeTrue(Files.isRegularFile(pidFile), "a stack of scripts/stack.sh on this machine");
        Path tasks = Path.of("/proc", Files.readString(pidFile).trim(), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            // The kernel keeps 15 characters of a thread's name: "vert.x-eventloop-thread-0" is "vert.x-eventloo".
            assertThat(threads.map(EventLoopsIT::name).filter(name -> name.startsWith("vert.x-eventloo")))
                    .as("event-loop threads of %s", service.serviceName()).hasSize(1);
        }
    }

    private static String name(Path thread) {
        try {
            return Files.readString(thread.resolve("comm")).trim();
        } catch (NoSuchFileException ended) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
