package io.llmux.provider.anthropic;

import java.util.List;

/**
 * The Claude models listed by default (GET /v1/models, bare-name resolution). Anthropic's aliases
 * rather than dated snapshots, so a listing stays current as Anthropic moves an alias forward;
 * {@code anthropic/<any id>} reaches any other model, listed or not. The pricing catalogue prices
 * each alias and its snapshots (claude-sonnet-4-5-20250929 costs what claude-sonnet-4-5 costs).
 */
final class AnthropicModels {

    static final List<String> CHAT = List.of(
            "claude-opus-4-5",
            "claude-opus-4-1",
            "claude-opus-4-0",
            "claude-sonnet-4-5",
            "claude-sonnet-4-0",
            "claude-3-7-sonnet-latest",
            "claude-haiku-4-5",
            "claude-3-5-haiku-latest");

    private AnthropicModels() {
    }
}
