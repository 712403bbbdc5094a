package io.llmux.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.ProxyResourceOptions;
import software.amazon.awscdk.services.apigateway.ResponseTransferMode;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.Construct;

/**
 * The REST API (Regional): {@code /v1/{proxy+}} streams from the chat function, {@code /api/{proxy+}}
 * is a buffered proxy to the admin function. Both integrate the functions' {@code live} aliases,
 * so each call reaches the SnapStart-enabled published version.
 */
public final class GatewayApi extends Construct {

    private final RestApi api;

    public GatewayApi(Construct scope, String id, Settings settings, IFunction chat, IFunction admin) {
        super(scope, id);
        this.api = RestApi.Builder.create(this, "Api")
                .restApiName("llmux-" + settings.stage())
                .description("LLMux: OpenAI-compatible API (/v1) and admin API (/api)")
                // Response streaming is offered on Regional (and private) endpoints only.
                .endpointTypes(List.of(EndpointType.REGIONAL))
                // No account-wide CloudWatch role: that is an account setting, not this stack's.
                .cloudWatchRole(false)
                .deployOptions(StageOptions.builder()
                        .stageName(settings.stage())
                        .tracingEnabled(true)
                        .metricsEnabled(true)
                        .loggingLevel(MethodLoggingLevel.OFF)
                        .build())
                .build();

        // Streaming: API Gateway calls InvokeWithResponseStream (the 2021-11-15
        // response-streaming-invocations URI) and forwards bytes as the function writes them. A
        // streamed integration may run up to 15 minutes, past the buffered 29 s.
        LambdaIntegration streaming = LambdaIntegration.Builder.create(chat)
                .proxy(true)
                .responseTransferMode(ResponseTransferMode.STREAM)
                .timeout(Duration.seconds(settings.chatTimeoutSeconds()))
                .build();
        api.getRoot().addResource("v1").addProxy(ProxyResourceOptions.builder()
                .defaultIntegration(streaming)
                .anyMethod(true)
                .build());

        api.getRoot().addResource("api").addProxy(ProxyResourceOptions.builder()
                .defaultIntegration(LambdaIntegration.Builder.create(admin).proxy(true).build())
                .anyMethod(true)
                .build());
    }

    public RestApi api() {
        return api;
    }

    /** The OpenAI base URL clients configure. */
    public String openAiBaseUrl() {
        return api.urlForPath("/v1");
    }
}
