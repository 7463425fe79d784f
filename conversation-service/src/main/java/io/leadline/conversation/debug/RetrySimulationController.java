package io.leadline.conversation.debug;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/admin/conversations/{id}/simulate-retry}: see {@link RetrySimulation}. */
@RestController
class RetrySimulationController {

    private final RetrySimulation simulation;

    RetrySimulationController(RetrySimulation simulation) {
        this.simulation = simulation;
    }

    @PostMapping("/api/admin/conversations/{id}/simulate-retry")
    RetrySimulation.Report simulateRetry(@PathVariable long id) throws Exception {
        return simulation.simulate(id);
    }
}
