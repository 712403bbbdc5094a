package io.llmux.testing;

import java.io.IOException;
import java.net.URISyntaxException;
import org.junit.jupiter.api.Test;

/**
 * The tests every function with a Micronaut AOT configuration runs against its own
 * src/main/aot/aot.properties and class path: a module's test class implements this interface and
 * JUnit runs these methods there. The checks, and why each matters, are
 * {@link AotConfigurationChecks}'s.
 */
public interface AotConfigurationContract {

    @Test
    default void everyLlmuxBeanThatConfigurationSwitchesOnIsKeptByAot() throws IOException {
        AotConfigurationChecks.everyLlmuxBeanThatConfigurationSwitchesOnIsKept();
    }

    @Test
    default void theAotSwitchesThatWouldChangeBehaviourStayOff() throws IOException {
        AotConfigurationChecks.theSwitchesThatWouldChangeBehaviourStayOff();
    }

    @Test
    default void everyServiceTypeStoredUnderMetaInfMicronautIsListedByAot() throws IOException, URISyntaxException {
        AotConfigurationChecks.everyServiceTypeStoredUnderMetaInfMicronautIsListed();
    }
}
