package homework.arch.system;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/** Prints the run's {@link Figures} after its last test (registered in META-INF/services). */
public class FiguresReport implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (!Figures.isEmpty()) {
            System.out.println();
            System.out.print(Figures.report());
        }
    }
}
