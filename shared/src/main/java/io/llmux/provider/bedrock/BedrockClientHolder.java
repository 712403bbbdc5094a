package io.llmux.provider.bedrock;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClientBuilder;

/**
 * The Bedrock Runtime async client of one provider, built on first use: the SDK client (its
 * classes, endpoint rules, Netty event loops and credential chain) costs a few hundred
 * milliseconds, which an application that never calls Bedrock should not pay at start.
 *
 * <p>Settings, and why:
 * <ul>
 *   <li>Credentials from the SDK's default chain (the Lambda or task role, AWS_* variables,
 *       profiles), resolved at the first call.</li>
 *   <li>No SDK retries: a throttled or failed call is reported to the client at once (429 with
 *       Retry-After, 502), as every LLMux provider does, instead of the SDK silently tripling
 *       latency and load with its backoff.</li>
 *   <li>SDK futures complete on the Netty thread that received the answer (a direct executor)
 *       instead of hopping to the SDK's completion pool: the mapping that follows never blocks,
 *       the same discipline as the OpenAI adapter on Micronaut's event loops.</li>
 *   <li>Netty's read timeout is only a backstop at the call's total timeout; the provider's
 *       own first-byte, idle and total timers fire first with LLMux's messages.</li>
 *   <li>HTTP/1.1, not the HTTP/2 the SDK picks for Bedrock Runtime (for its bidirectional
 *       operation, which LLMux does not use): Converse and ConverseStream work over HTTP/1.1
 *       (boto3 speaks nothing else), the test fakes speak it, and so production runs the
 *       protocol the tests prove, on plain keep-alive connections.</li>
 *   <li>A connection pool of {@code max-connections} (the SDK's default, 50, is small for a
 *       gateway); an endpoint override for VPC endpoints and test fakes.</li>
 * </ul>
 */
final class BedrockClientHolder implements AutoCloseable {

    private final String region;
    private final URI endpoint;
    private final Duration connectTimeout;
    private final Duration readBackstop;
    private final int maxConnections;
    private volatile BedrockRuntimeAsyncClient client;
    private boolean closed;

    BedrockClientHolder(String region, URI endpoint, Duration connectTimeout, Duration readBackstop, int maxConnections) {
        this.region = region;
        this.endpoint = endpoint;
        this.connectTimeout = connectTimeout;
        this.readBackstop = readBackstop;
        this.maxConnections = maxConnections;
    }

    BedrockRuntimeAsyncClient client() {
        BedrockRuntimeAsyncClient built = client;
        if (built != null) {
            return built;
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("The Bedrock client is closed");
            }
            if (client == null) {
                client = build();
            }
            return client;
        }
    }

    /** Whether the SDK client has been built (the first call builds it). */
    boolean started() {
        return client != null;
    }

    private BedrockRuntimeAsyncClient build() {
        BedrockRuntimeAsyncClientBuilder builder = BedrockRuntimeAsyncClient.builder()
                .region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .connectionTimeout(connectTimeout)
                        .readTimeout(readBackstop)
                        .maxConcurrency(maxConnections)
                        .protocol(Protocol.HTTP1_1)
                        .tcpKeepAlive(true))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .asyncConfiguration(a -> a.advancedOption(SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR,
                        Runnable::run));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (client != null) {
                client.close();
                client = null;
            }
        }
    }

    @Override
    public String toString() {
        return "BedrockClientHolder[region=" + region + ", endpoint=" + endpoint + "]";
    }
}
