package io.llmux.routing;

/**
 * What a deployment can do, as configured. A request that needs something a deployment lacks is
 * never sent there: it is filtered out before the strategy orders the rest.
 *
 * @param contextWindow the most tokens the model takes (prompt and answer), or 0 when unknown (no limit checked)
 * @param tools         function tools
 * @param vision        image input
 * @param jsonMode      response_format json_object / json_schema
 * @param streaming     streamed answers
 */
public record Capabilities(int contextWindow, boolean tools, boolean vision, boolean jsonMode, boolean streaming) {

    /** Nothing known, everything allowed: what an unconfigured deployment ({@code provider/model}) gets. */
    public static final Capabilities ANY = new Capabilities(0, true, true, true, true);
}
