package io.llmux.testing;

import java.time.Duration;

/**
 * What {@link FakeOpenAiServer} answers: a well-formed answer, or one of the ways a real provider
 * fails. Each reply knows its streamed and non-streamed form; the server picks the form from the
 * request's {@code "stream"} flag.
 */
public sealed interface FakeReply {

    /** The text the fault replies stream before they break (nine words, one chunk each). */
    String PANGRAM = "The quick brown fox jumps over the lazy dog";

    /** An assistant message; streamed word by word, with a usage chunk when the client asked. */
    record Text(String content) implements FakeReply {
    }

    /** An answer cut at the request's output limit (finish_reason {@code length}); streamed like {@link Text}. */
    record Truncated(String content) implements FakeReply {
    }

    /** A call of one function tool; streamed as OpenAI does: name first, then argument fragments. */
    record ToolCall(String id, String name, String arguments) implements FakeReply {
    }

    /** Waits before sending even the response headers, then answers as {@code then} does. */
    record SlowFirstByte(Duration delay, FakeReply then) implements FakeReply {
    }

    /** An error status with OpenAI's error body, and extra headers (Retry-After). */
    record Failure(int status, String type, String code, String message, String retryAfter) implements FakeReply {
    }

    /**
     * The provider's refusal of a prompt longer than the model's context window, in its own words
     * (a 400 everywhere; only OpenAI and Azure put the code {@code context_length_exceeded} on it).
     */
    record ContextTooLong(int promptTokens, int contextWindow) implements FakeReply {
    }

    /** A 401 whose message quotes the key the gateway sent, as OpenAI's own 401s do. */
    record RejectKey() implements FakeReply {
    }

    /** A 200 whose JSON body is broken; streamed: one good chunk, then a data line that is not JSON. */
    record Malformed() implements FakeReply {
    }

    /**
     * The TCP connection closes mid-answer: streamed, after {@code chunks} content chunks and
     * before [DONE]; non-streamed, after half of the promised Content-Length.
     */
    record Cut(int chunks) implements FakeReply {
    }

    /** A stream that sends some chunks and ends cleanly at the HTTP level, but without [DONE]. */
    record EndWithoutDone(int chunks) implements FakeReply {
    }

    /** A stream that sends some chunks, then falls silent for {@code silence} (longer than the idle timeout). */
    record Stall(int chunks, Duration silence) implements FakeReply {
    }

    /** A stream that sends some chunks, then {@code data: {"error":{...}}}, then ends. */
    record MidStreamError(int chunks, String message) implements FakeReply {
    }

    static FakeReply text(String content) {
        return new Text(content);
    }

    static FakeReply truncated(String content) {
        return new Truncated(content);
    }

    static FakeReply toolCall(String name, String arguments) {
        return new ToolCall("call_fake_1", name, arguments);
    }

    static FakeReply slowFirstByte(Duration delay) {
        return new SlowFirstByte(delay, new Text(PANGRAM));
    }

    static FakeReply rateLimited(int retryAfterSeconds) {
        return new Failure(429, "requests", "rate_limit_exceeded",
                "Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1.",
                Integer.toString(retryAfterSeconds));
    }

    static FakeReply serverError() {
        return new Failure(500, "server_error", null, "The server had an error while processing your request. Sorry about that!", null);
    }

    static FakeReply contextTooLong() {
        return new ContextTooLong(250_000, 200_000);
    }

    static FakeReply rejectKey() {
        return new RejectKey();
    }

    static FakeReply malformed() {
        return new Malformed();
    }

    static FakeReply cutAfter(int chunks) {
        return new Cut(chunks);
    }

    static FakeReply endWithoutDone(int chunks) {
        return new EndWithoutDone(chunks);
    }

    static FakeReply stallAfter(int chunks, Duration silence) {
        return new Stall(chunks, silence);
    }

    static FakeReply midStreamError(int chunks, String message) {
        return new MidStreamError(chunks, message);
    }
}
