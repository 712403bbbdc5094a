package io.llmux.provider.mock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmux.json.Json;
import io.llmux.openai.ChatRequest;
import io.llmux.openai.EmbeddingRequest;
import io.llmux.provider.ChatChunks;
import io.llmux.provider.ChatCompletion;
import io.llmux.provider.ChatStream;
import io.llmux.provider.EmbeddingCall;
import io.llmux.provider.Embeddings;
import io.llmux.provider.ModelInfo;
import io.llmux.provider.Provider;
import io.llmux.provider.ProviderCall;
import io.llmux.tokens.TokenCounter;
import io.llmux.tokens.Usage;
import io.llmux.tokens.UsageSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;

/**
 * A built-in provider that needs no key and no network, so the local server answers out of the
 * box: a deterministic reply (see {@link MockReply}), streamed word by word, with usage counted
 * like OpenAI counts it; and deterministic unit-length embeddings.
 */
public final class MockProvider implements Provider {

    public static final String NAME = "mock";
    public static final String CHAT_MODEL = "mock-chat";
    public static final String EMBEDDING_MODEL = "mock-embedding";
    private static final int DEFAULT_DIMENSIONS = 256;

    private final TokenCounter tokens;
    private final Duration chunkDelay;
    private final AtomicLong ids = new AtomicLong();

    public MockProvider(TokenCounter tokens, Duration chunkDelay) {
        this.tokens = tokens;
        this.chunkDelay = chunkDelay;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(new ModelInfo(CHAT_MODEL, ModelInfo.Kind.CHAT), new ModelInfo(EMBEDDING_MODEL, ModelInfo.Kind.EMBEDDING));
    }

    @Override
    public CompletableFuture<ChatCompletion> complete(ProviderCall call) {
        ChatRequest request = call.request();
        Answer answer = answer(call);
        ObjectNode body = envelope("chat.completion", call.upstreamModel());
        ArrayNode choices = body.putArray("choices");
        for (int i = 0; i < request.n(); i++) {
            ObjectNode choice = choices.addObject();
            choice.put("index", i);
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            if (answer.reply.toolName() != null) {
                message.putNull("content");
                message.putArray("tool_calls").add(toolCall(answer.reply, i, true));
            } else {
                message.put("content", answer.text);
            }
            message.putNull("refusal");
            choice.putNull("logprobs");
            choice.put("finish_reason", answer.finishReason);
        }
        Usage usage = usage(call, answer);
        body.set("usage", usageNode(usage));
        return CompletableFuture.completedFuture(new ChatCompletion(body, usage));
    }

    @Override
    public CompletableFuture<ChatStream> stream(ProviderCall call) {
        ChatRequest request = call.request();
        Answer answer = answer(call);
        String id = nextId();
        long created = System.currentTimeMillis() / 1000;
        List<ObjectNode> chunks = new ArrayList<>();
        for (int i = 0; i < request.n(); i++) {
            ObjectNode first = chunk(id, created, call.upstreamModel(), i);
            ObjectNode delta = ChatChunks.delta(first);
            delta.put("role", "assistant");
            if (answer.reply.toolName() != null) {
                delta.putArray("tool_calls").add(toolCall(answer.reply, i, false));
                chunks.add(first);
                for (String piece : pieces(answer.reply.toolArgs(), 8)) {
                    ObjectNode more = chunk(id, created, call.upstreamModel(), i);
                    ChatChunks.toolCallArguments(ChatChunks.delta(more), 0, piece);
                    chunks.add(more);
                }
            } else {
                delta.put("content", "");
                chunks.add(first);
                for (String word : words(answer.text)) {
                    ObjectNode more = chunk(id, created, call.upstreamModel(), i);
                    ChatChunks.delta(more).put("content", word);
                    chunks.add(more);
                }
            }
            ObjectNode last = chunk(id, created, call.upstreamModel(), i);
            ChatChunks.choice(last).put("finish_reason", answer.finishReason);
            chunks.add(last);
        }
        ObjectNode usageChunk = envelope("chat.completion.chunk", call.upstreamModel()).put("id", id).put("created", created);
        usageChunk.putArray("choices");
        usageChunk.set("usage", usageNode(usage(call, answer)));
        chunks.add(usageChunk);
        Flux<ObjectNode> flux = Flux.fromIterable(chunks);
        if (!chunkDelay.isZero()) {
            flux = flux.delayElements(chunkDelay);
        }
        return CompletableFuture.completedFuture(new ChatStream(flux));
    }

    @Override
    public CompletableFuture<Embeddings> embed(EmbeddingCall call) {
        EmbeddingRequest request = call.request();
        int dimensions = request.dimensions() == null ? DEFAULT_DIMENSIONS : request.dimensions();
        ObjectNode body = Json.NODES.objectNode();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        long promptTokens = 0;
        List<String> inputs = request.texts().isEmpty() ? List.of(request.raw().get("input").toString()) : request.texts();
        for (int i = 0; i < request.inputCount(); i++) {
            String input = inputs.get(Math.min(i, inputs.size() - 1));
            promptTokens += tokens.count(call.upstreamModel(), input);
            float[] vector = vector(input, dimensions);
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            if (request.base64()) {
                ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : vector) {
                    bytes.putFloat(v);
                }
                item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float v : vector) {
                    values.add(v);
                }
            }
        }
        body.put("model", call.upstreamModel());
        ObjectNode usage = body.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("total_tokens", promptTokens);
        return CompletableFuture.completedFuture(new Embeddings(body, new Usage(promptTokens, 0, 0, UsageSource.PROVIDER)));
    }

    /** A unit vector drawn from a generator seeded by the text: same text, same vector. */
    private static float[] vector(String text, int dimensions) {
        SplittableRandom random = new SplittableRandom(text.hashCode() * 0x9E3779B97F4A7C15L);
        float[] v = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
            norm += v[i] * v[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimensions; i++) {
            v[i] *= scale;
        }
        return v;
    }

    private record Answer(MockReply reply, String text, String finishReason) {
    }

    private Answer answer(ProviderCall call) {
        MockReply reply = MockReply.to(call.request());
        if (reply.text() == null) {
            return new Answer(reply, null, reply.finishReason());
        }
        Integer limit = call.request().maxOutputTokens();
        String text = limit == null ? reply.text() : tokens.truncate(call.upstreamModel(), reply.text(), limit);
        return new Answer(reply, text, text.length() < reply.text().length() ? "length" : reply.finishReason());
    }

    private Usage usage(ProviderCall call, Answer answer) {
        long prompt = tokens.countPrompt(call.request());
        String output = answer.text != null ? answer.text : answer.reply.toolName() + answer.reply.toolArgs();
        long completion = (long) tokens.count(call.upstreamModel(), output) * call.request().n();
        return new Usage(prompt, completion, 0, UsageSource.PROVIDER);
    }

    private static ObjectNode usageNode(Usage usage) {
        ObjectNode node = Json.NODES.objectNode();
        node.put("prompt_tokens", usage.promptTokens());
        node.put("completion_tokens", usage.completionTokens());
        node.put("total_tokens", usage.totalTokens());
        return node;
    }

    private ObjectNode toolCall(MockReply reply, int choice, boolean withArguments) {
        ObjectNode call = Json.NODES.objectNode();
        if (!withArguments) {
            call.put("index", 0);
        }
        call.put("id", "call_mock_" + choice);
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", reply.toolName());
        function.put("arguments", withArguments ? reply.toolArgs() : "");
        return call;
    }

    private ObjectNode envelope(String object, String model) {
        ObjectNode body = Json.NODES.objectNode();
        body.put("id", nextId());
        body.put("object", object);
        body.put("created", System.currentTimeMillis() / 1000);
        body.put("model", model);
        body.put("system_fingerprint", "llmux-mock");
        return body;
    }

    private static ObjectNode chunk(String id, long created, String model, int index) {
        ObjectNode chunk = ChatChunks.envelope(id, created, model);
        chunk.put("system_fingerprint", "llmux-mock");
        ChatChunks.addChoice(chunk.putArray("choices"), index);
        return chunk;
    }

    private String nextId() {
        return "chatcmpl-mock" + Long.toHexString(ids.incrementAndGet());
    }

    /** The text split before each space, so the pieces concatenate back to the text. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < text.length(); i++) {
            if (text.charAt(i) == ' ') {
                words.add(text.substring(start, i));
                start = i;
            }
        }
        if (start < text.length()) {
            words.add(text.substring(start));
        }
        return words;
    }

    private static List<String> pieces(String text, int size) {
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < text.length(); i += size) {
            pieces.add(text.substring(i, Math.min(text.length(), i + size)));
        }
        return pieces;
    }
}
