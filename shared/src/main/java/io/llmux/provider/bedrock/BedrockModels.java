package io.llmux.provider.bedrock;

import java.util.List;

/**
 * The Bedrock models listed by default ({@code llmux.providers.bedrock.models} replaces the list).
 * Claude and Llama are listed by their US cross-region inference profiles ({@code us.} prefix),
 * which on-demand use of those models requires; Nova by its in-region model id. Any other model
 * id or inference-profile ARN works as {@code bedrock/ID} without being listed.
 */
final class BedrockModels {

    static final List<String> DEFAULTS = List.of(
            "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "us.anthropic.claude-haiku-4-5-20251001-v1:0",
            "us.anthropic.claude-opus-4-1-20250805-v1:0",
            "amazon.nova-pro-v1:0",
            "amazon.nova-lite-v1:0",
            "amazon.nova-micro-v1:0",
            "us.meta.llama3-3-70b-instruct-v1:0");

    private BedrockModels() {
    }
}
