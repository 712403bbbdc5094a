package io.llmux.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: {@code cdk synth}/{@code cdk deploy} run it (cdk.json), and it can run on its own
 * ({@code mvn -q compile exec:java} writes {@code cdk.out}). Account and region come from the CLI's
 * profile (CDK_DEFAULT_ACCOUNT/CDK_DEFAULT_REGION) unless context {@code region} names one.
 */
public final class LlmuxApp {

    private LlmuxApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }

    static LlmuxStack build(App app) {
        Settings settings = Settings.from(key -> app.getNode().tryGetContext(key));
        Object region = app.getNode().tryGetContext("region");
        Environment environment = Environment.builder()
                .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                .region(region != null ? region.toString() : System.getenv("CDK_DEFAULT_REGION"))
                .build();
        return new LlmuxStack(app, settings.stackName(), StackProps.builder()
                .env(environment)
                .description("LLMux " + settings.stage() + ": multi-tenant LLM gateway")
                .build(), settings);
    }
}
