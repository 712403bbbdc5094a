package io.llmux.snapstart;

import io.llmux.error.GatewayException;
import io.llmux.error.OpenAiErrorBody;
import io.llmux.json.Json;
import io.llmux.openai.ChatRequest;
import io.llmux.openai.ChatRequestParser;
import io.llmux.openai.EmbeddingRequestParser;
import io.llmux.provider.ChatCompletion;
import io.llmux.provider.EmbeddingCall;
import io.llmux.provider.ProviderCall;
import io.llmux.provider.mock.MockProvider;
import io.llmux.telemetry.GenAiTelemetry;
import io.llmux.telemetry.RequestIds;
import io.llmux.telemetry.RestoreSafeXrayIdGenerator;
import io.llmux.telemetry.TelemetryFactory;
import io.llmux.tokens.PricingCatalog;
import io.llmux.tokens.TokenCounter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Primes what every chat request runs, in process and offline: parsing and validation, token
 * counting (which waits for the o200k vocabulary to finish loading), a completion and a stream
 * from a private mock provider, JSON serialisation of answers and chunks, error rendering, and
 * the span path. Spans go to a throwaway SDK that exports nowhere, so no priming span ever
 * reaches X-Ray; the application's own SDK and stores are not touched.
 */
@Singleton
public final class RequestPathPriming implements CheckpointPriming {

    private static final byte[] CHAT = """
            {"model":"mock-chat","stream":true,"stream_options":{"include_usage":true},"max_tokens":64,
             "temperature":0.2,"user":"priming",
             "messages":[{"role":"system","content":"You are terse."},
                         {"role":"user","content":[{"type":"text","text":"Say hello."}]}]}
            """.getBytes(StandardCharsets.UTF_8);
    private static final byte[] INVALID_CHAT = "{\"model\":\"mock-chat\",\"messages\":[{\"role\":\"robot\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] EMBEDDING = "{\"model\":\"mock-embedding\",\"input\":[\"hello\",\"world\"]}"
            .getBytes(StandardCharsets.UTF_8);

    private final TokenCounter tokens;
    private final PricingCatalog prices;

    public RequestPathPriming(TokenCounter tokens, PricingCatalog prices) {
        this.tokens = tokens;
        this.prices = prices;
    }

    @Override
    public String name() {
        return "request path";
    }

    @Override
    public void prime() throws Exception {
        ChatRequest request = ChatRequestParser.parse(CHAT);
        tokens.countPrompt(request);
        try {
            ChatRequestParser.parse(INVALID_CHAT);
        } catch (GatewayException expected) {
            OpenAiErrorBody.bytes(expected);
        }
        MockProvider mock = new MockProvider(tokens, Duration.ZERO);
        try (OpenTelemetrySdk spans = throwawayTelemetry()) {
            GenAiTelemetry telemetry = new GenAiTelemetry(spans, spans.getTracer("io.llmux.priming"));
            Span span = telemetry.start("chat", request.model(), RequestIds.next(), Map.<String, String>of()::get);
            ChatCompletion completion = mock.complete(new ProviderCall(request, MockProvider.CHAT_MODEL)).join();
            Json.MAPPER.writeValueAsBytes(completion.body());
            GenAiTelemetry.recordUsage(span, MockProvider.NAME, MockProvider.CHAT_MODEL, completion.usage(),
                    prices.costMicros(MockProvider.CHAT_MODEL, completion.usage()));
            GenAiTelemetry.xrayTraceId(span);
            span.end();
            for (var chunk : mock.stream(new ProviderCall(request, MockProvider.CHAT_MODEL)).join().chunks().collectList().block()) {
                Json.MAPPER.writeValueAsBytes(chunk);
            }
            Span failed = telemetry.start("chat", request.model(), RequestIds.next(), Map.<String, String>of()::get);
            GenAiTelemetry.recordError(failed, 400, "invalid_request_error");
            failed.end();
        }
        Json.MAPPER.writeValueAsBytes(mock.embed(new EmbeddingCall(EmbeddingRequestParser.parse(EMBEDDING),
                MockProvider.EMBEDDING_MODEL)).join().body());
    }

    private static OpenTelemetrySdk throwawayTelemetry() {
        return OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .setIdGenerator(RestoreSafeXrayIdGenerator.INSTANCE)
                        .addSpanProcessor(SimpleSpanProcessor.create(SpanExporter.composite()))
                        .build())
                .setPropagators(TelemetryFactory.propagators())
                .build();
    }
}
