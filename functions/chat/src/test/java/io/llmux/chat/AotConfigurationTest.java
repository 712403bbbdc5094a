package io.llmux.chat;

import io.llmux.testing.AotConfigurationContract;

/**
 * The chat function's Micronaut AOT configuration (src/main/aot/aot.properties) held to the beans
 * and services on this module's class path, so that adding a conditional bean without listing it
 * fails here ({@link AotConfigurationContract}).
 */
class AotConfigurationTest implements AotConfigurationContract {
}
