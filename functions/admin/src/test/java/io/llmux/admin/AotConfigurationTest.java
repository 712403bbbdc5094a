package io.llmux.admin;

import io.llmux.testing.AotConfigurationChecks;
import java.io.IOException;
import java.net.URISyntaxException;
import org.junit.jupiter.api.Test;

/**
 * The admin function's Micronaut AOT configuration (src/main/aot/aot.properties) held to the beans
 * and services on this module's class path, so that adding a conditional bean without listing it
 * fails here. The checks, and why each matters, are {@link AotConfigurationChecks}'s.
 */
class AotConfigurationTest {

    @Test
    void everyLlmuxBeanThatConfigurationSwitchesOnIsKeptByAot() throws IOException {
        AotConfigurationChecks.everyLlmuxBeanThatConfigurationSwitchesOnIsKept();
    }

    @Test
    void theAotSwitchesThatWouldChangeBehaviourStayOff() throws IOException {
        AotConfigurationChecks.theSwitchesThatWouldChangeBehaviourStayOff();
    }

    @Test
    void everyServiceTypeStoredUnderMetaInfMicronautIsListedByAot() throws IOException, URISyntaxException {
        AotConfigurationChecks.everyServiceTypeStoredUnderMetaInfMicronautIsListed();
    }
}
